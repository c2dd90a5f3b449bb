// The rollup step of monitoring: the prediction log's complete minutes since the model's
// watermark are read once, counted into per-minute feature and service rollups, and the
// watermark moves on. Minutes newer than ROLLUP_LAG are left for the next run, so predictions
// still on their way from a serving spool are not missed.
import { eq, sql } from 'drizzle-orm';
import { db } from '@/server/db/client';
import { featureRollups, monitorWatermarks, serviceRollups } from '@/server/db/schema';
import { addValue, emptyCounts, type FeatureCounts } from '@/server/ml/monitoring/binning';
import { latencyBucket, LATENCY_BOUNDS_MS } from '@/server/ml/monitoring/latency';
import { SCORE_BINS, scoreBin } from '@/server/ml/monitoring/score-bins';
import { ensureReference, type ReferenceProfile } from './reference-profile';

export const ROLLUP_LAG_MS = 60_000;
const MAX_MINUTES_PER_RUN = 180;

interface ServiceAcc {
  predictions: number;
  latency: number[];
  scoreCounts: number[];
  scoreSums: number[];
  scoreSquares: number[];
  positives: number;
}

const floorMinute = (ms: number) => Math.floor(ms / 60_000) * 60_000;

/** Rolls up one model's log; returns the new watermark. */
export async function rollupModel(modelId: string, now = Date.now()): Promise<Date | null> {
  const database = db();
  const [wm] = await database.select().from(monitorWatermarks).where(eq(monitorWatermarks.modelId, modelId));
  let from: number;
  if (wm) from = wm.rolledUpTo.getTime();
  else {
    const first = await database.execute(sql`SELECT min(ts) AS ts FROM predictions WHERE model_id = ${modelId} AND route <> 'batch'`);
    if (!first.rows[0]?.ts) return null;
    from = floorMinute(new Date(first.rows[0].ts as string).getTime());
  }
  const to = Math.min(floorMinute(now - ROLLUP_LAG_MS), from + MAX_MINUTES_PER_RUN * 60_000);
  if (to <= from) return new Date(from);

  const rows = await database.execute(sql`
    SELECT ts, version_id, route, inputs, (outputs->>'score')::float8 AS score, (outputs->>'label')::int AS label, latency_ms
    FROM predictions
    WHERE model_id = ${modelId} AND ts >= ${new Date(from).toISOString()} AND ts < ${new Date(to).toISOString()} AND route <> 'batch'`);

  const refs = new Map<string, ReferenceProfile | null>();
  const feat = new Map<string, FeatureCounts>(); // version|route|minute|feature
  const svc = new Map<string, ServiceAcc>(); // version|route|minute
  const catIndex = new Map<string, Map<string, number>>();
  for (const r of rows.rows as { ts: string; version_id: string; route: string; inputs: Record<string, unknown>; score: number; label: number; latency_ms: number }[]) {
    const minute = floorMinute(new Date(r.ts).getTime());
    if (!refs.has(r.version_id)) refs.set(r.version_id, await ensureReference(r.version_id));
    const ref = refs.get(r.version_id);
    const sk = `${r.version_id}|${r.route}|${minute}`;
    let s = svc.get(sk);
    if (!s) {
      s = { predictions: 0, latency: new Array(LATENCY_BOUNDS_MS.length).fill(0), scoreCounts: new Array(SCORE_BINS).fill(0), scoreSums: new Array(SCORE_BINS).fill(0), scoreSquares: new Array(SCORE_BINS).fill(0), positives: 0 };
      svc.set(sk, s);
    }
    s.predictions++;
    s.latency[latencyBucket(r.latency_ms)]++;
    const b = scoreBin(r.score);
    s.scoreCounts[b]++;
    s.scoreSums[b] += r.score;
    s.scoreSquares[b] += r.score * r.score;
    s.positives += r.label;
    if (!ref) continue;
    for (const f of ref.features) {
      const fk = `${sk}|${f.name}`;
      let c = feat.get(fk);
      if (!c) {
        c = emptyCounts(f);
        feat.set(fk, c);
      }
      let idx: Map<string, number> | undefined;
      if (f.type === 'categorical') {
        const key = `${r.version_id}|${f.name}`;
        idx = catIndex.get(key);
        if (!idx) catIndex.set(key, (idx = new Map(f.categories.map((v, i) => [v, i]))));
      }
      addValue(f, c, r.inputs[f.name], idx);
    }
  }

  await database.transaction(async (tx) => {
    const svcRows = [...svc].map(([k, s]) => {
      const [versionId, route, minute] = k.split('|');
      return { modelId, versionId, route, minute: new Date(Number(minute)), predictions: s.predictions, latency: s.latency, scoreCounts: s.scoreCounts, scoreSums: s.scoreSums, scoreSquares: s.scoreSquares, positives: s.positives };
    });
    for (let i = 0; i < svcRows.length; i += 500) {
      await tx
        .insert(serviceRollups)
        .values(svcRows.slice(i, i + 500))
        .onConflictDoUpdate({
          target: [serviceRollups.versionId, serviceRollups.route, serviceRollups.minute],
          set: { predictions: sql`excluded.predictions`, latency: sql`excluded.latency`, scoreCounts: sql`excluded.score_counts`, scoreSums: sql`excluded.score_sums`, scoreSquares: sql`excluded.score_squares`, positives: sql`excluded.positives` },
        });
    }
    const featRows = [...feat].map(([k, c]) => {
      const [versionId, route, minute, feature] = k.split('|');
      return { versionId, route, minute: new Date(Number(minute)), feature, n: c.n, missing: c.missing, outOfRange: c.outOfRange, unseen: c.unseen, counts: c.counts };
    });
    for (let i = 0; i < featRows.length; i += 500) {
      await tx
        .insert(featureRollups)
        .values(featRows.slice(i, i + 500))
        .onConflictDoUpdate({
          target: [featureRollups.versionId, featureRollups.route, featureRollups.minute, featureRollups.feature],
          set: { n: sql`excluded.n`, missing: sql`excluded.missing`, outOfRange: sql`excluded.out_of_range`, unseen: sql`excluded.unseen`, counts: sql`excluded.counts` },
        });
    }
    await tx
      .insert(monitorWatermarks)
      .values({ modelId, rolledUpTo: new Date(to) })
      .onConflictDoUpdate({ target: monitorWatermarks.modelId, set: { rolledUpTo: new Date(to) } });
  });
  return new Date(to);
}
