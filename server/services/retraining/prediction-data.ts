// Builds a retrain's training data from the prediction log: the labelled predictions of a model
// (predictions joined with their feedback labels) over [from, to), optionally after the
// incumbent's own training rows, golden-set rows left out by row hash. Stored like an upload —
// content-addressed, so the same rows make the same dataset version — with its lineage.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { datasetVersions } from '@/server/db/schema';
import { predictionRows, toCsv, withoutGoldenRows, lineageText, cellOf, type LabelledPrediction, type PredictionLineage } from '@/server/ml/data/prediction-dataset';
import type { Table } from '@/server/ml/data/table';
import { readStoredTable } from '@/server/storage/read-table';
import { systemActor } from '../context';
import { uploadDataset } from '../datasets/upload-dataset';

/** More labelled rows than this in one window is refused: narrow the window. */
export const MAX_PREDICTION_ROWS = 1_000_000;
/** Live traffic; `batch` only when the policy says so. Shadow scores are copies of production's requests. */
export const LIVE_ROUTES = ['production', 'canary', 'explicit'];

export interface BuildInput {
  modelId: string;
  modelName: string;
  from: Date;
  to: Date;
  includeBatch: boolean;
  /** The incumbent's training data: its columns are the built data's columns. */
  incumbentData: { datasetVersionId: string; sha256: string };
  target: string;
  append: boolean;
  goldenSha256: string | null;
  minLabelledRows: number;
}

export type BuildResult = { ok: true; datasetVersionId: string; sha256: string; created: boolean; lineage: PredictionLineage } | { ok: false; reason: string; lineage: PredictionLineage };

function tableRows(t: Table, header: string[]): (string | null)[][] {
  const cols = header.map((h) => t.columns.find((c) => c.name === h));
  return Array.from({ length: t.rowCount }, (_, i) => cols.map((c) => (c ? cellOf(c.values[i]) : null)));
}

export async function buildFromPredictions(database: DbOrTx, input: BuildInput): Promise<BuildResult> {
  const routes = input.includeBatch ? [...LIVE_ROUTES, 'batch'] : LIVE_ROUTES;
  // Feedback carries the prediction's time, so the window is read on the feedback table's index;
  // [from, to): a prediction at exactly `to` belongs to the next window.
  const res = await database.execute(sql`
    SELECT p.inputs, p.context, f.label, v.version
    FROM prediction_feedback f
    JOIN predictions p ON p.id = f.prediction_id AND p.ts = f.prediction_ts
    JOIN model_versions v ON v.id = p.version_id
    WHERE f.model_id = ${input.modelId} AND f.prediction_ts >= ${input.from.toISOString()}::timestamptz AND f.prediction_ts < ${input.to.toISOString()}::timestamptz
      AND p.route IN (${sql.join(routes.map((r) => sql`${r}`), sql`, `)})
    ORDER BY p.ts, p.id
    LIMIT ${MAX_PREDICTION_ROWS + 1}`);
  const preds = res.rows as unknown as (LabelledPrediction & { version: number })[];
  const [incumbentDv] = await database.select().from(datasetVersions).where(eq(datasetVersions.id, input.incumbentData.datasetVersionId));
  const header = incumbentDv.schema.map((c) => c.name);
  const golden = input.goldenSha256 ? await readStoredTable(input.goldenSha256) : null;
  const fromPreds = withoutGoldenRows(header, predictionRows(header, input.target, preds), golden);
  const kept = preds.filter((_, i) => !fromPreds.excluded[i]);
  const days = Math.round((input.to.getTime() - input.from.getTime()) / 86_400_000);
  const lineage: PredictionLineage = {
    source: 'predictions',
    model: input.modelName,
    versions: [...new Set(kept.map((p) => Number(p.version)))].sort((a, b) => a - b),
    window: { from: input.from.toISOString(), to: input.to.toISOString(), days },
    routes,
    labelledRows: fromPreds.rows.length,
    appendedTo: null,
    golden: fromPreds.report.checked ? { ...fromPreds.report, fromPredictions: fromPreds.report.excluded, fromIncumbent: 0 } : fromPreds.report,
  };
  if (preds.length > MAX_PREDICTION_ROWS) return { ok: false, reason: `refused before training: more than ${MAX_PREDICTION_ROWS} labelled predictions in the ${days}-day window — shorten the policy's window`, lineage };
  if (fromPreds.rows.length < input.minLabelledRows) {
    const golden = lineage.golden.checked && lineage.golden.excluded ? ` (after leaving out ${lineage.golden.excluded} golden-set rows)` : '';
    return { ok: false, reason: `refused before training: ${fromPreds.rows.length} labelled predictions of ${input.modelName} in the ${days}-day window ${lineage.window.from} – ${lineage.window.to}${golden}, below the policy's minimum of ${input.minLabelledRows}`, lineage };
  }
  let rows = fromPreds.rows;
  if (input.append) {
    const incumbentTable = await readStoredTable(input.incumbentData.sha256);
    const fromInc = withoutGoldenRows(header, tableRows(incumbentTable, header), golden);
    rows = [...fromInc.rows, ...rows];
    lineage.appendedTo = { datasetVersionId: incumbentDv.id, sha256: incumbentDv.sha256, rows: fromInc.rows.length };
    if (lineage.golden.checked && fromInc.report.checked) lineage.golden = { ...lineage.golden, excluded: lineage.golden.excluded + fromInc.report.excluded, fromIncumbent: fromInc.report.excluded };
  }
  const csv = toCsv(header, rows);
  const name = `${input.modelName.slice(0, 80)}-from-predictions`;
  const up = await uploadDataset({ db: database, actor: systemActor('retraining') }, { name, description: `Training data built from the prediction log of ${input.modelName} by retraining.`, filename: `${name}.csv` }, (async function* () {
    yield Buffer.from(csv);
  })());
  // Same rows, same version: the first lineage stays (it is true of these bytes).
  await database.update(datasetVersions).set({ lineage: { ...lineage, text: lineageText(lineage) } }).where(and(eq(datasetVersions.id, up.version.id), isNull(datasetVersions.lineage)));
  return { ok: true, datasetVersionId: up.version.id, sha256: up.version.sha256, created: up.created, lineage };
}
