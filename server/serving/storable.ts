// One rule for every string a client sends to serving (field names included): a string that
// Postgres cannot store — one holding U+0000 (jsonb and text refuse it) or a lone UTF-16
// surrogate (invalid Unicode; jsonb refuses its escape) — is refused with a 400 naming where it
// is, before anything is scored or logged. The same walk bounds nesting depth, so a deeply
// nested body never reaches code that recurses (JSON.stringify in the spool).

// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function unstorableReason(s: string): string | null {
  const m = UNSTORABLE.exec(s);
  if (!m) return null;
  return m[0] === '\u0000' ? 'contains U+0000 (NUL), which Postgres cannot store' : 'contains a lone UTF-16 surrogate (not valid Unicode), which Postgres cannot store';
}

const seg = (k: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k.slice(0, 40))}]`);

function show(path: string[], root: string): string {
  const p = (root + path.join('')).replace(/^\./, '');
  return p.length > 120 ? `${p.slice(0, 120)}…` : p;
}

/**
 * The first place in `value` that breaks the rule or nests deeper than `maxDepth`, as
 * "<path>: <problem>", or null. Iterative: never recurses, whatever the depth.
 */
export function findUnstorable(value: unknown, root: string, maxDepth: number): string | null {
  const stack: { v: unknown; path: string[] }[] = [{ v: value, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const r = unstorableReason(v);
      if (r) return `${show(path, root)}: ${r}`;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= maxDepth) return `${show(path, root)}: nested deeper than ${maxDepth} levels`;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, `[${i}]`] });
    } else {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i];
        const r = unstorableReason(k);
        if (r) return `${show(path, root)}: a field name ${r}`;
        stack.push({ v: (v as Record<string, unknown>)[k], path: [...path, seg(k)] });
      }
    }
  }
  return null;
}

/** Depth of a JSON value (a scalar is 0); stops counting past `limit`. */
export function depthOf(value: unknown, limit: number): number {
  let max = 0;
  const stack: { v: unknown; d: number }[] = [{ v: value, d: 0 }];
  while (stack.length) {
    const { v, d } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d + 1 > max) max = d + 1;
    if (max > limit) return max;
    for (const c of Array.isArray(v) ? v : Object.values(v)) stack.push({ v: c, d: d + 1 });
  }
  return max;
}
