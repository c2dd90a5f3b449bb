// Small pure helpers shared by the serving screens (unit-tested in format.test.ts).

/** "x1=1.2, region=north, …" — the first few inputs of a logged prediction, for a table cell. */
export function inputsSummary(inputs: Record<string, unknown> | null | undefined, max = 4): string {
  if (!inputs) return '';
  const entries = Object.entries(inputs);
  const shown = entries.slice(0, max).map(([k, v]) => `${k}=${v === null || v === undefined || v === '' ? '∅' : typeof v === 'number' ? fmtNumber(v) : String(v)}`);
  return entries.length > max ? `${shown.join(', ')}, … (${entries.length - max} more)` : shown.join(', ');
}

function fmtNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString();
}

/** Latency in milliseconds, null as a dash. */
export function fmtMs(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return v < 10 ? `${v.toFixed(2)} ms` : `${v.toFixed(0)} ms`;
}

/** A canary share in [0, 1] as a percentage. */
export function fmtShare(share: number | null | undefined): string {
  if (share === null || share === undefined) return '—';
  return `${Number((share * 100).toFixed(1))}%`;
}

/** A percentage typed in a form (0–100) as a share in [0, 1]; null when it is not a number in range. */
export function parsePercent(text: string): number | null {
  if (text.trim() === '') return null;
  const v = Number(text);
  if (!Number.isFinite(v) || v < 0 || v > 100) return null;
  return v / 100;
}
