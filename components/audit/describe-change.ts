// An audit event's change in words: ids replaced by their names ("loan-default v1 → v2"), and
// for fields in both before and after, "field: old → new" instead of two JSON blobs.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A value with every known id replaced by its label (unknown ids stay). */
export function labelled(v: unknown, labels: Record<string, string>): unknown {
  if (typeof v === 'string') return UUID.test(v) ? (labels[v.toLowerCase()] ?? v) : v;
  if (Array.isArray(v)) return v.map((x) => labelled(x, labels));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, labelled(x, labels)]));
  return v;
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * Lines describing the change. Two labels of the same thing ("loan-default v1", "loan-default
 * v2") read "loan-default v1 → v2". Fields only on one side are listed as they are.
 */
export function describeChange(before: unknown, after: unknown, labels: Record<string, string>): string[] {
  const b = labelled(before, labels);
  const a = labelled(after, labels);
  const isObj = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);
  if (!isObj(b) || !isObj(a)) {
    return [b != null ? `before: ${show(b)}` : null, a != null ? `after: ${show(a)}` : null].filter((x): x is string => x !== null);
  }
  const lines: string[] = [];
  for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])]) {
    const inB = key in b;
    const inA = key in a;
    if (inB && inA) {
      const from = show(b[key]);
      const to = show(a[key]);
      if (from === to) continue;
      lines.push(`${key}: ${arrow(from, to)}`);
    } else lines.push(`${key}: ${show(inA ? a[key] : b[key])}${inA ? '' : ' (removed)'}`);
  }
  return lines;
}

/** "m v1 → m v2" reads "m v1 → v2"; other pairs as they are. */
function arrow(from: string, to: string): string {
  const fm = from.match(/^(.*) v(\d+)$/);
  const tm = to.match(/^(.*) v(\d+)$/);
  if (fm && tm && fm[1] === tm[1]) return `${from} → v${tm[2]}`;
  return `${from} → ${to}`;
}
