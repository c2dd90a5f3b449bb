// Canonical JSON (object keys sorted by code point, no whitespace, undefined members dropped)
// and its SHA-256: the version of a fitted feature spec. JSON numbers use JavaScript's shortest
// round-trip form, so a spec read back from its JSON hashes the same.
import { createHash } from 'node:crypto';

function compareKeys(a: string, b: string): number {
  // Keys are compared by code point, not UTF-16 unit, so the order is language-independent.
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`canonical JSON cannot hold ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compareKeys(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new Error(`canonical JSON cannot hold a ${typeof value}`);
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The version of a (fitted) feature spec: SHA-256 of its canonical JSON. */
export function specSha256(spec: unknown): string {
  return sha256Hex(canonicalJson(spec));
}
