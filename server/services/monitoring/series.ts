// Time series for the monitoring charts: the period is cut into buckets and each bucket's
// figures come from the rollups (one query per table for the whole period).
import { and, eq, gte, inArray, lt } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { featureRollups, predictionFeedback, serviceRollups, servingRejections } from '@/server/db/schema';
import { emptyCounts, mergeCounts } from '@/server/ml/monitoring/binning';
import { latencyQuantile, LATENCY_BOUNDS_MS } from '@/server/ml/monitoring/latency';
import { SCORE_BINS } from '@/server/ml/monitoring/score-bins';
import { estimatePerformance, featureWindow, predictionDrift } from '@/server/ml/monitoring/window';
import { binaryMetrics } from '@/server/ml/metrics/binary';
import { loadReference } from './reference-profile';
import { sumOutputs, versionTask } from './window-report';
import { onlineMulticlass, onlineRegression } from '@/server/ml/monitoring/online-metrics';
import { ONLINE_ROUTES } from '@/server/ml/monitoring/model-state';

export interface SeriesSpec {
  start: Date;
  end: Date;
  bucketMinutes: number;
  minRows: number;
}

export async function monitoringSeries(db: DbOrTx, v: { modelId: string; modelName: string; versionId: string }, s: SeriesSpec) {
  const bucketMs = s.bucketMinutes * 60_000;
  const startMs = Math.floor(s.start.getTime() / bucketMs) * bucketMs;
  const buckets = Math.max(1, Math.ceil((s.end.getTime() - startMs) / bucketMs));
  const at = (d: Date) => Math.floor((d.getTime() - startMs) / bucketMs);
  const routes = [...ONLINE_ROUTES];
  const ref = await loadReference(v.versionId);

  const fr = ref
    ? await db.select().from(featureRollups).where(and(eq(featureRollups.versionId, v.versionId), gte(featureRollups.minute, new Date(startMs)), lt(featureRollups.minute, s.end), inArray(featureRollups.route, routes)))
    : [];
  const sr = await db.select().from(serviceRollups).where(and(eq(serviceRollups.versionId, v.versionId), gte(serviceRollups.minute, new Date(startMs)), lt(serviceRollups.minute, s.end), inArray(serviceRollups.route, routes)));
  const rej = await db.select().from(servingRejections).where(and(eq(servingRejections.modelName, v.modelName), gte(servingRejections.minute, new Date(startMs)), lt(servingRejections.minute, s.end)));
  const fb = await db
    .select({ ts: predictionFeedback.predictionTs, label: predictionFeedback.label, score: predictionFeedback.score, predicted: predictionFeedback.predictedClass })
    .from(predictionFeedback)
    .where(and(eq(predictionFeedback.versionId, v.versionId), gte(predictionFeedback.predictionTs, new Date(startMs)), lt(predictionFeedback.predictionTs, s.end), inArray(predictionFeedback.route, routes)));

  const out = Array.from({ length: buckets }, (_, i) => ({
    t: new Date(startMs + i * bucketMs).toISOString(),
    features: {} as Record<string, { statistic: number | null; drifted: boolean; missingShare: number | null; n: number }>,
    predictions: 0,
    rejected: 0,
    p50: null as number | null,
    p99: null as number | null,
    meanScore: null as number | null,
    scoreQuantiles: null as { p10: number; p50: number; p90: number } | null,
    predictionDrift: null as number | null,
    /** Multiclass / regression: each prediction-drift component's PSI (a class probability, the predicted-class mix, the value). */
    predictionDriftComponents: {} as Record<string, number | null>,
    estimatedAuc: null as number | null,
    estimatedAccuracy: null as number | null,
    onlineAuc: null as number | null,
    onlineAccuracy: null as number | null,
    /** Regression: online RMSE; multiclass: online macro-F1 (binary: null). */
    onlineRmse: null as number | null,
    onlineMacroF1: null as number | null,
    labelled: 0,
  }));

  if (ref) {
    const acc = Array.from({ length: buckets }, () => new Map(ref.features.map((f) => [f.name, emptyCounts(f)])));
    for (const r of fr) {
      const c = acc[at(r.minute)]?.get(r.feature);
      if (c) mergeCounts(c, { n: r.n, missing: r.missing, outOfRange: r.outOfRange, unseen: r.unseen, counts: r.counts });
    }
    acc.forEach((m, i) => {
      for (const f of ref.features) {
        const w = featureWindow(f, m.get(f.name)!, s.minRows);
        out[i].features[f.name] = { statistic: w.statistic, drifted: w.drifted, missingShare: w.missingShare, n: w.n };
      }
    });
  }
  const task = await versionTask(db, v.versionId);
  const outs = Array.from({ length: buckets }, () => [] as (typeof sr)[number][]);
  const lat = Array.from({ length: buckets }, () => new Array(LATENCY_BOUNDS_MS.length).fill(0));
  const sc = Array.from({ length: buckets }, () => ({ c: new Array(SCORE_BINS).fill(0), s: new Array(SCORE_BINS).fill(0), q: new Array(SCORE_BINS).fill(0) }));
  for (const r of sr) {
    const i = at(r.minute);
    if (!out[i]) continue;
    out[i].predictions += r.predictions;
    outs[i].push(r);
    r.latency.forEach((v2, k) => (lat[i][k] += v2));
    r.scoreCounts.forEach((v2, k) => (sc[i].c[k] += v2));
    r.scoreSums.forEach((v2, k) => (sc[i].s[k] += v2));
    r.scoreSquares.forEach((v2, k) => (sc[i].q[k] += v2));
  }
  for (const r of rej) if (out[at(r.minute)]) out[at(r.minute)].rejected += r.count;
  const scoreQuantile = (counts: number[], q: number) => {
    const n = counts.reduce((a, b) => a + b, 0);
    let seen = 0;
    for (let k = 0; k < counts.length; k++) {
      if (counts[k] > 0 && seen + counts[k] >= q * n) return (k + (q * n - seen) / counts[k]) / SCORE_BINS;
      seen += counts[k];
    }
    return 1;
  };
  out.forEach((b, i) => {
    b.p50 = latencyQuantile(lat[i], 0.5);
    b.p99 = latencyQuantile(lat[i], 0.99);
    const est = estimatePerformance(sc[i].c, sc[i].s, sc[i].q);
    b.meanScore = est.meanScore;
    if (est.n >= s.minRows) {
      b.estimatedAuc = est.expectedAuc;
      b.estimatedAccuracy = est.expectedAccuracy;
      b.scoreQuantiles = { p10: scoreQuantile(sc[i].c, 0.1), p50: scoreQuantile(sc[i].c, 0.5), p90: scoreQuantile(sc[i].c, 0.9) };
      if (ref) b.predictionDrift = predictionDrift(ref.score, sc[i].c, null, s.minRows).statistic;
    }
    if (task.task !== 'binary') {
      const o = sumOutputs(outs[i]);
      if (o?.task === 'regression' && o.n) b.meanScore = o.sum / o.n;
      if (ref && ref.score.task === task.task) {
        const pd = predictionDrift(ref.score, sc[i].c, o, s.minRows);
        b.predictionDrift = pd.statistic;
        for (const c of pd.components) b.predictionDriftComponents[c.name] = c.statistic;
      }
    }
  });
  const labels = Array.from({ length: buckets }, () => ({ y: [] as number[], p: [] as number[] }));
  const k = task.classes.length;
  for (const r of fb) {
    const l = labels[at(r.ts)];
    if (!l) continue;
    if (task.task === 'multiclass') {
      if (r.predicted === null || r.predicted < 0 || r.predicted >= k || !(r.label >= 0 && r.label < k)) continue;
      l.p.push(r.predicted);
    } else l.p.push(r.score);
    l.y.push(r.label);
  }
  labels.forEach((l, i) => {
    out[i].labelled = l.y.length;
    if (l.y.length >= s.minRows && l.y.length > 0 && task.task === 'regression') out[i].onlineRmse = onlineRegression(l.y, l.p).rmse;
    else if (l.y.length >= s.minRows && l.y.length > 0 && task.task === 'multiclass') {
      const m = onlineMulticlass(l.y, l.p, task.classes);
      out[i].onlineAccuracy = m.accuracy;
      out[i].onlineMacroF1 = m.macro_f1;
    } else if (l.y.length >= s.minRows) {
      const m = binaryMetrics(l.y, l.p);
      out[i].onlineAuc = m.auc;
      out[i].onlineAccuracy = m.accuracy;
    }
  });
  return { bucketMinutes: s.bucketMinutes, task: task.task, features: ref?.features.map((f) => ({ name: f.name, type: f.type })) ?? [], buckets: out };
}
