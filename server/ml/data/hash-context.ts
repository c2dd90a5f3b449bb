// Hashing of declared sensitive context fields before a prediction is logged: each named field's
// value becomes `hmac-sha256:<hex>` of its JSON text under a secret key, so groups can still be
// told apart (slices, fairness) while the raw value never reaches the log. Keyed, because a
// plain hash of a low-cardinality value (a gender, a postcode) is reversed by trying them all.
// Pure: the serving process decides which fields and which key.
import crypto from 'node:crypto';

export const HASH_PREFIX = 'hmac-sha256:';

export function hashContextFields(context: Record<string, unknown> | null | undefined, fields: readonly string[], key: string): Record<string, unknown> | null {
  if (!context) return context ?? null;
  if (!fields.length) return context;
  if (key.length < 16) throw new Error('the context hashing key must be at least 16 characters');
  const out: Record<string, unknown> = { ...context };
  for (const f of fields) {
    if (!(f in out) || out[f] === null || out[f] === undefined) continue;
    const v = out[f];
    if (typeof v === 'string' && v.startsWith(HASH_PREFIX)) continue; // already hashed (a replay)
    out[f] = HASH_PREFIX + crypto.createHmac('sha256', key).update(JSON.stringify(v)).digest('hex');
  }
  return out;
}
