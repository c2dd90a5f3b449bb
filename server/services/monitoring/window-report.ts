// A monitoring report for one model, version and window, computed from the rollups (drift,
// data quality, prediction distribution, service figures, estimated performance) and from the
// label table (online performance) — never from a scan of the raw prediction log.
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { aliases, models, modelVersions, predictionFeedback, serviceRollups, servingRejections } from '@/server/db/schema';
import { emptyCounts, mergeCounts } from '@/server/ml/monitoring/binning';
import { latencyQuantile, LATENCY_BOUNDS_MS } from '@/server/ml/monitoring/latency';
import { ONLINE_ROUTES } from '@/server/ml/monitoring/model-state';
import { SCORE_BINS } from '@/server/ml/monitoring/score-bins';
import { estimatePerformance, featureWindow, predictionDrift, summarize, type FeatureWindow } from '@/server/ml/monitoring/window';
import { binaryMetrics } from '@/server/ml/metrics/binary';
import { calibrationCurve } from '@/server/ml/metrics/calibration';
import type { FeatureReference, ScoreReference } from '@/server/ml/monitoring/reference';
import { emptyOutputCounts, mergeOutputCounts, type OutputCounts } from '@/server/ml/monitoring/output-bins';
import { onlineMulticlass, onlineRegression } from '@/server/ml/monitoring/online-metrics';

export interface WindowSpec {
  start: Date;
  end: Date;
  minRows: number;
  /** Routes whose traffic counts (default: production and canary). */
  routes?: string[];
}

export interface ServiceFigures {
  predictions: number;
  rejected: number;
  errorRate: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

const sumArrays = (rows: number[][], len: number) => rows.reduce((acc, r) => (r.forEach((v, i) => (acc[i] += v)), acc), new Array(len).fill(0));

/** A version's task and (multiclass) classes; fixed at registration, so kept per process. */
export interface VersionTask {
  task: 'binary' | 'regression' | 'multiclass';
  classes: string[];
}
const taskCache = new Map<string, VersionTask>();

export async function versionTask(db: DbOrTx, versionId: string): Promise<VersionTask> {
  const hit = taskCache.get(versionId);
  if (hit) return hit;
  const [row] = await db.select({ task: modelVersions.task, classes: modelVersions.classes }).from(modelVersions).where(eq(modelVersions.id, versionId));
  const t: VersionTask = { task: row?.task ?? 'binary', classes: row?.classes ?? [] };
  if (row) {
    taskCache.set(versionId, t);
    if (taskCache.size > 1024) taskCache.delete(taskCache.keys().next().value!);
  }
  return t;
}

/** Sums the `outputs` roll-ups of service rows (null when none has one: a binary version). */
export function sumOutputs(rows: { outputs: OutputCounts | null }[]): OutputCounts | null {
  let acc: OutputCounts | null = null;
  for (const r of rows) {
    if (!r.outputs) continue;
    if (!acc) {
      const o = r.outputs;
      acc = emptyOutputCounts(o.task === 'regression' ? { task: 'regression', edges: o.counts.length ? new Array<number>(o.counts.length - 1).fill(0) : null } : { task: 'multiclass', classes: o.predicted.map(String), index: new Map() });
    }
    mergeOutputCounts(acc, r.outputs);
  }
  return acc;
}

export async function serviceFigures(db: DbOrTx, modelId: string, modelName: string, versionIds: string[] | null, w: WindowSpec): Promise<ServiceFigures & { scoreCounts: number[]; scoreSums: number[]; scoreSquares: number[]; outputs: OutputCounts | null }> {
  const routes = w.routes ?? [...ONLINE_ROUTES];
  const rows = await db
    .select()
    .from(serviceRollups)
    .where(and(eq(serviceRollups.modelId, modelId), gte(serviceRollups.minute, w.start), lt(serviceRollups.minute, w.end), inArray(serviceRollups.route, routes), versionIds ? inArray(serviceRollups.versionId, versionIds) : sql`true`));
  const predictions = rows.reduce((s, r) => s + r.predictions, 0);
  const latency = sumArrays(rows.map((r) => r.latency), LATENCY_BOUNDS_MS.length);
  const [rej] = await db
    .select({ n: sql<number>`coalesce(sum(${servingRejections.count}), 0)::int` })
    .from(servingRejections)
    .where(and(eq(servingRejections.modelName, modelName), gte(servingRejections.minute, w.start), lt(servingRejections.minute, w.end)));
  const total = predictions + rej.n;
  return {
    predictions,
    rejected: rej.n,
    errorRate: total ? rej.n / total : null,
    p50: latencyQuantile(latency, 0.5),
    p95: latencyQuantile(latency, 0.95),
    p99: latencyQuantile(latency, 0.99),
    scoreCounts: sumArrays(rows.map((r) => r.scoreCounts), SCORE_BINS),
    scoreSums: sumArrays(rows.map((r) => r.scoreSums), SCORE_BINS),
    scoreSquares: sumArrays(rows.map((r) => r.scoreSquares), SCORE_BINS),
    outputs: sumOutputs(rows),
  };
}

/** Labelled predictions of the window (by prediction time). */
async function labelledRows(db: DbOrTx, modelId: string, versionIds: string[] | null, w: WindowSpec) {
  return db
    .select({ label: predictionFeedback.label, score: predictionFeedback.score, predicted: predictionFeedback.predictedClass, delay: sql<number>`extract(epoch from ${predictionFeedback.receivedAt} - ${predictionFeedback.predictionTs})` })
    .from(predictionFeedback)
    .where(
      and(
        eq(predictionFeedback.modelId, modelId),
        gte(predictionFeedback.predictionTs, w.start),
        lt(predictionFeedback.predictionTs, w.end),
        inArray(predictionFeedback.route, w.routes ?? [...ONLINE_ROUTES]),
        versionIds ? inArray(predictionFeedback.versionId, versionIds) : sql`true`,
      ),
    );
}

/** Online performance of a binary version from labelled predictions of the window (by prediction time). */
export async function onlinePerformance(db: DbOrTx, modelId: string, versionIds: string[] | null, w: WindowSpec) {
  // Only binary labels: a multiclass or regression version's labels (class indexes, values) say nothing here (taskOnlinePerformance).
  const binary = !versionIds || (await Promise.all(versionIds.map((id) => versionTask(db, id)))).every((t) => t.task === 'binary');
  const rows = binary ? await labelledRows(db, modelId, versionIds, w) : [];
  const n = rows.length;
  if (n < w.minRows || n === 0) return { task: 'binary' as const, status: 'insufficient_data' as const, n, minRows: w.minRows, metrics: null, calibration: null, meanScore: null, labelDelaySeconds: n ? rows.reduce((s, r) => s + Number(r.delay), 0) / n : null };
  const y = rows.map((r) => r.label);
  const p = rows.map((r) => r.score);
  return {
    task: 'binary' as const,
    status: 'ok' as const,
    n,
    minRows: w.minRows,
    metrics: binaryMetrics(y, p),
    calibration: calibrationCurve(y, p, 10),
    meanScore: p.reduce((a, b) => a + b, 0) / n,
    labelDelaySeconds: rows.reduce((s, r) => s + Number(r.delay), 0) / n,
  };
}

/**
 * Online performance per task: binary as onlinePerformance (AUC, accuracy …, calibration);
 * regression RMSE / MAE; multiclass accuracy / macro-F1 (server/ml/monitoring/online-metrics.ts).
 */
export async function taskOnlinePerformance(db: DbOrTx, modelId: string, versionIds: string[] | null, w: WindowSpec, task: VersionTask) {
  if (task.task === 'binary') return onlinePerformance(db, modelId, versionIds, w);
  const rows = await labelledRows(db, modelId, versionIds, w);
  // Multiclass: only rows whose label and prediction are classes of the version count.
  const k = task.classes.length;
  const usable = task.task === 'multiclass' ? rows.filter((r) => r.predicted !== null && r.predicted >= 0 && r.predicted < k && Number.isInteger(r.label) && r.label >= 0 && r.label < k) : rows.filter((r) => Number.isFinite(r.label) && Number.isFinite(r.score));
  const n = usable.length;
  const base = { n, minRows: w.minRows, labelDelaySeconds: n ? usable.reduce((s, r) => s + Number(r.delay), 0) / n : null };
  const enough = n >= w.minRows && n > 0;
  const status = enough ? ('ok' as const) : ('insufficient_data' as const);
  const y = usable.map((r) => r.label);
  if (task.task === 'regression') return { task: 'regression' as const, ...base, status, metrics: enough ? onlineRegression(y, usable.map((r) => r.score)) : null };
  return { task: 'multiclass' as const, ...base, status, metrics: enough ? onlineMulticlass(y, usable.map((r) => r.predicted!), task.classes) : null };
}

const HOUR = 3_600_000;

/** A version's reference as window figures use it: bins, counts and score only. */
export interface WindowReference {
  versionId: string;
  /** Each input's reference; a numeric one's `sample` is left empty (not loaded: windows use bins). */
  features: FeatureReference[];
  score: ScoreReference;
}

// A reference row is written once per version (insert-or-nothing) and never changed, so a
// process may keep it: the pass reads it for every window of every model, and with its samples
// (2,000 values per input) it is most of a report's cost. Only found references are kept, the
// most recently used REFERENCE_CACHE_MAX, each small without its samples.
const REFERENCE_CACHE_MAX = 256;
const referenceCache = new Map<string, WindowReference>();

export async function windowReference(db: DbOrTx, versionId: string): Promise<WindowReference | null> {
  const hit = referenceCache.get(versionId);
  if (hit) {
    referenceCache.delete(versionId);
    referenceCache.set(versionId, hit);
    return hit;
  }
  const { rows } = await db.execute<{ features: FeatureReference[]; score: ScoreReference }>(
    sql`SELECT (SELECT coalesce(jsonb_agg(f - 'sample' ORDER BY i), '[]'::jsonb) FROM jsonb_array_elements(features) WITH ORDINALITY AS e(f, i)) AS features, score
        FROM reference_profiles WHERE version_id = ${versionId}`,
  );
  if (!rows.length) return null;
  const ref: WindowReference = { versionId, features: rows[0].features.map((f) => (f.type === 'numeric' ? { ...f, sample: [] } : f)), score: rows[0].score };
  referenceCache.set(versionId, ref);
  if (referenceCache.size > REFERENCE_CACHE_MAX) referenceCache.delete(referenceCache.keys().next().value!);
  return ref;
}

/**
 * The window's feature counts: whole hours from the hourly rollups, the partial hours at its
 * edges (or the whole window, when it holds no whole hour) from the per-minute rollups. A minute
 * counts when start ≤ minute < end, exactly as if every minute row were summed.
 */
export async function featureWindows(db: DbOrTx, versionId: string, w: WindowSpec): Promise<{ features: FeatureWindow[]; counts: Map<string, ReturnType<typeof emptyCounts>> } | null> {
  const ref = await windowReference(db, versionId);
  if (!ref) return null;
  const routes = sql`${`{${(w.routes ?? [...ONLINE_ROUTES]).join(',')}}`}::text[]`;
  // Whole hours: [firstHour, lastHour). Every minute of them is ≥ start and < end.
  const firstHour = new Date(Math.ceil(w.start.getTime() / HOUR) * HOUR);
  const lastHour = new Date(Math.floor(w.end.getTime() / HOUR) * HOUR);
  const minutes = (a: Date, b: Date) =>
    sql`SELECT feature, n, missing, out_of_range, unseen, counts FROM feature_rollups WHERE version_id = ${versionId} AND route = ANY(${routes}) AND minute >= ${a.toISOString()} AND minute < ${b.toISOString()}`;
  const query =
    firstHour < lastHour
      ? sql`${minutes(w.start, firstHour)}
          UNION ALL SELECT feature, n, missing, out_of_range, unseen, counts FROM feature_rollups_hourly WHERE version_id = ${versionId} AND route = ANY(${routes}) AND hour >= ${firstHour.toISOString()} AND hour < ${lastHour.toISOString()}
          UNION ALL ${minutes(lastHour, w.end)}`
      : minutes(w.start, w.end);
  const { rows } = await db.execute<{ feature: string; n: number; missing: number; out_of_range: number; unseen: number; counts: number[] }>(query);
  const counts = new Map(ref.features.map((f) => [f.name, emptyCounts(f)]));
  for (const r of rows) {
    const c = counts.get(r.feature);
    if (c) mergeCounts(c, { n: r.n, missing: r.missing, outOfRange: r.out_of_range, unseen: r.unseen, counts: r.counts });
  }
  return { features: ref.features.map((f) => featureWindow(f, counts.get(f.name)!, w.minRows)), counts };
}

/** The version that production points at (the one monitored by default). */
export async function productionVersion(db: DbOrTx, modelName: string) {
  const [row] = await db
    .select({ modelId: models.id, versionId: modelVersions.id, version: modelVersions.version, metrics: modelVersions.metrics })
    .from(aliases)
    .innerJoin(models, eq(models.id, aliases.modelId))
    .innerJoin(modelVersions, eq(modelVersions.id, aliases.versionId))
    .where(and(eq(models.name, modelName), eq(aliases.name, 'production')));
  return row ?? null;
}

export async function windowReport(db: DbOrTx, modelName: string, w: WindowSpec, version?: { modelId: string; versionId: string; version: number; metrics: unknown }) {
  const v = version ?? (await productionVersion(db, modelName));
  if (!v) return null;
  const ref = await windowReference(db, v.versionId);
  const fw = await featureWindows(db, v.versionId, w);
  const service = await serviceFigures(db, v.modelId, modelName, [v.versionId], w);
  const task = await versionTask(db, v.versionId);
  const online = await taskOnlinePerformance(db, v.modelId, [v.versionId], w, task);
  // The label-free estimate (CBPE) reads calibrated binary scores: other tasks have none.
  const estimate = estimatePerformance(service.scoreCounts, service.scoreSums, service.scoreSquares);
  const referenceAuc = (v.metrics as { validation?: { auc?: number | null } } | null)?.validation?.auc ?? null;
  return {
    model: modelName,
    version: v.version,
    versionId: v.versionId,
    task: task.task,
    classes: task.classes,
    window: { start: w.start.toISOString(), end: w.end.toISOString(), minRows: w.minRows },
    hasReference: !!ref,
    drift: fw ? summarize(fw.features) : null,
    features: fw?.features ?? [],
    predictionDrift: ref ? predictionDrift(ref.score, service.scoreCounts, service.outputs, w.minRows) : null,
    service: { predictions: service.predictions, rejected: service.rejected, errorRate: service.errorRate, p50: service.p50, p95: service.p95, p99: service.p99 },
    online,
    estimate: { ...estimate, status: task.task !== 'binary' ? 'not_applicable' : estimate.n >= w.minRows ? 'ok' : 'insufficient_data', referenceAuc },
  };
}

export type WindowReport = NonNullable<Awaited<ReturnType<typeof windowReport>>>;
