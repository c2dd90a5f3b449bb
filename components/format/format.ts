// The console's number and date formatter (the tables use it; older screens keep their own).
// Pure, so it is unit-tested; `now` is a parameter so "3 min ago" is testable.

/** A number for a table cell: integers grouped, others to `digits` significant digits; '—' when missing. */
export function formatNumber(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  const abs = Math.abs(v);
  // Very small or very large values read better in exponent form than as a row of zeros.
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toString();
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'short' });

/** "5 min. ago", "in 2 hr.", "yesterday"; under ten seconds is "just now". */
export function formatRelative(at: Date | string | number, now: number = Date.now()): string {
  const t = new Date(at).getTime();
  if (!Number.isFinite(t)) return '—';
  const secs = Math.round((t - now) / 1000);
  if (Math.abs(secs) < 10) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(secs) >= size || unit === 'second') return relative.format(Math.trunc(secs / size), unit);
  }
  return '—';
}

/** The absolute time, in UTC so every reader sees the same string: "2026-11-30 13:05:09 UTC". */
export function formatAbsolute(at: Date | string | number): string {
  const d = new Date(at);
  if (!Number.isFinite(d.getTime())) return '—';
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
