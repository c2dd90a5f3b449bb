// Number formatting shared by the run, compare and model screens.

/** A metric to 4 significant decimals; null (undefined for the data) as a dash. */
export function fmtMetric(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return Number.isInteger(v) ? String(v) : v.toFixed(digits);
}

/** Params as `k=v` pairs for a table cell. */
export function fmtParams(params: Record<string, unknown> | null | undefined, keys?: readonly string[]): string {
  if (!params) return '';
  const entries = Object.entries(params).filter(([k]) => !keys || keys.includes(k));
  return entries.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ');
}

/** The params worth showing in a runs table: the ones a user most often changes. */
export const KEY_PARAMS = ['n_trees', 'max_depth', 'learning_rate', 'l2', 'max_iter'] as const;
