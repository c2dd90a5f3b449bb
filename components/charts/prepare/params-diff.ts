// Side-by-side params of several runs: one row per parameter, flagged when the runs disagree.
// Nested plain objects are flattened to dotted keys (so `{ tree: { depth: 3 } }` compares on
// `tree.depth`, not as one opaque blob); arrays and other values compare by canonical JSON.

export interface ParamRow {
  key: string;
  /** One entry per run, in input order; `undefined` where the run lacks the key. */
  values: unknown[];
  present: boolean[];
  /** True when some run lacks the key while another has it, or two present values differ. */
  differs: boolean;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` compare equal. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isPlainObject(v)) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
  }
  // undefined inside a value (not a missing key) is written like JSON would drop it: as null.
  return v === undefined ? 'null' : JSON.stringify(v);
}

/** Leaf values by dotted path; an empty object is a leaf (it is a value the user gave). */
export function flattenParams(obj: Record<string, unknown>, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isPlainObject(v) && Object.keys(v).length > 0) flattenParams(v, key, out);
    else out.set(key, v);
  }
  return out;
}

/** Code-point order, as everywhere else in Vigil (not locale order). */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function diffParams(paramsList: readonly (Record<string, unknown> | null | undefined)[]): ParamRow[] {
  const flat = paramsList.map((p) => flattenParams(p ?? {}));
  const keys = [...new Set(flat.flatMap((m) => [...m.keys()]))].sort(byCodePoint);
  return keys.map((key) => {
    const present = flat.map((m) => m.has(key));
    const values = flat.map((m) => m.get(key));
    const seen = new Set(values.filter((_, i) => present[i]).map(canonicalJson));
    const differs = present.some((p) => !p) || seen.size > 1;
    return { key, values, present, differs };
  });
}

export function formatParamValue(value: unknown, present: boolean): string {
  if (!present) return '—';
  return typeof value === 'string' ? value : canonicalJson(value);
}
