// Training rows from the prediction log (retraining): each labelled prediction becomes one row in
// the columns of the incumbent's training data — inputs by name (else the logged-only context,
// where a sensitive attribute may travel), the feedback label in the target column. Rows of the
// golden set are left out by row hash (row-hash.ts) and counted, never trained on. Pure.
import { rowHashes } from './row-hash';
import { buildTable, type Table } from './table';

export interface LabelledPrediction {
  inputs: Record<string, unknown>;
  context: Record<string, unknown> | null;
  label: number;
}

/** A cell as written to the CSV; null: missing. Numbers in their shortest round-trip form. */
export function cellOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

export function predictionRows(columns: string[], target: string, preds: LabelledPrediction[]): (string | null)[][] {
  return preds.map((p) => columns.map((c) => (c === target ? cellOf(Number(p.label)) : cellOf(Object.hasOwn(p.inputs, c) ? p.inputs[c] : p.context?.[c]))));
}

/**
 * RFC 4180 quoting only. Unlike csv-write's spreadsheet cells, no formula guard: these bytes are
 * training data, and a changed value would change its row hash and what the model learns.
 */
export function toCsv(header: string[], rows: (string | null)[][]): string {
  const q = (s: string | null) => (s === null ? '' : /[",\r\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s);
  return [header, ...rows].map((r) => r.map(q).join(',')).join('\n') + '\n';
}

export type GoldenExclusion = { checked: true; columns: string[]; excluded: number } | { checked: false; reason: string };

/** Drops rows equal to a golden-set row over all the golden set's columns; keeps order. */
export function withoutGoldenRows(header: string[], rows: (string | null)[][], golden: Table | null): { rows: (string | null)[][]; excluded: boolean[]; report: GoldenExclusion } {
  const none = rows.map(() => false);
  if (!golden) return { rows, excluded: none, report: { checked: false, reason: 'no golden set' } };
  const columns = golden.columns.map((c) => c.name);
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length) return { rows, excluded: none, report: { checked: false, reason: `the training columns lack the golden set's ${missing.join(', ')}` } };
  if (rows.length === 0) return { rows, excluded: none, report: { checked: true, columns, excluded: 0 } };
  // Hashed the way the golden set is: typed by the same CSV inference, so 1, 1.0 and 1e0 agree.
  const table = buildTable(header, rows);
  const goldenHashes = new Set(rowHashes(golden, columns));
  const excluded = rowHashes(table, columns).map((h) => goldenHashes.has(h));
  return { rows: rows.filter((_, i) => !excluded[i]), excluded, report: { checked: true, columns, excluded: excluded.filter(Boolean).length } };
}

export interface PredictionLineage {
  source: 'predictions';
  model: string;
  /** Versions that made the labelled predictions used. */
  versions: number[];
  window: { from: string; to: string; days: number };
  routes: string[];
  /** Labelled predictions in the window (after golden rows were left out). */
  labelledRows: number;
  /** The incumbent's training data put first, when the policy appends. */
  appendedTo: { datasetVersionId: string; sha256: string; rows: number } | null;
  golden: GoldenExclusion & { fromPredictions?: number; fromIncumbent?: number };
}

/** "from predictions of model M, versions V, window W" and the counts, for lists and audit. */
export function lineageText(l: PredictionLineage): string {
  const versions = l.versions.length ? l.versions.map((v) => `v${v}`).join(', ') : 'none';
  const golden = l.golden.checked ? `${l.golden.excluded} golden-set row(s) left out` : `golden set not checked (${l.golden.reason})`;
  const appended = l.appendedTo ? `, appended to the incumbent's training data (${l.appendedTo.rows} rows, ${l.appendedTo.sha256.slice(0, 8)})` : '';
  return `from predictions of model ${l.model}, versions ${versions}, window ${l.window.from} – ${l.window.to} (${l.window.days} days, routes ${l.routes.join('/')}): ${l.labelledRows} labelled rows${appended}; ${golden}`;
}
