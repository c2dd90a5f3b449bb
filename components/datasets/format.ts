// Small display formatters for the dataset screens (pure, so they are unit-tested).

/** First 12 hex digits of a SHA-256: enough to tell versions apart on screen. */
export function shortSha(sha256: string): string {
  return sha256.slice(0, 12);
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Binary units (1 KiB = 1024 B) with 3 significant digits; bytes are shown exactly. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return String(n);
  let u = 0;
  let v = n;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${Number(v.toPrecision(3))} ${UNITS[u]}`;
}

/** A share in [0, 1] as a percentage with one decimal; a non-zero share never shows as 0.0%. */
export function formatShare(share: number): string {
  if (share > 0 && share < 0.0005) return '<0.1%';
  return `${(share * 100).toFixed(1)}%`;
}

/** A statistic for a table cell: 4 significant digits, '—' for a missing value. */
export function formatStat(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return String(Number(v.toPrecision(4)));
}
