// The rollup step of monitoring. The watermark is on INGEST time (predictions.ingested_at):
// every pass finds the prediction-time minutes that gained rows since the watermark — late rows
// from a spool replayed after a Postgres outage included — and re-rolls each of those minutes
// from all its rows, replacing its rollups. Re-rolling a minute is idempotent, so two passes at
// once, a crash halfway or a re-read of the same rows all give the same rollups.
//
// Memory is bounded whatever the backlog: rows are read through a server-side cursor a page at
// a time, and the counts are flushed every MINUTES_PER_FLUSH minutes.
//
// Each flush also re-sums the hours holding the minutes it wrote into feature_rollups_hourly
// (from the minute rows, so it is idempotent too); reports read whole hours from there.
import { sql } from 'drizzle-orm';
import { db, pool, type DbOrTx } from '@/server/db/client';
import { featureRollups, featureRollupsHourly, monitorWatermarks, serviceRollups } from '@/server/db/schema';
import { addValue, emptyCounts, type FeatureCounts } from '@/server/ml/monitoring/binning';
import { latencyBucket, LATENCY_BOUNDS_MS } from '@/server/ml/monitoring/latency';
import { SCORE_BINS, scoreBin } from '@/server/ml/monitoring/score-bins';
import type { FeatureReference, ScoreReference } from '@/server/ml/monitoring/reference';
import { addOutputs, emptyOutputCounts, type OutputBinning, type OutputCounts } from '@/server/ml/monitoring/output-bins';
import { ensureReference } from './reference-profile';
import { windowReference } from './window-report';
import { logHandled } from '@/server/observability/handled';

/**
 * Rows ingested up to this long before the watermark are looked at again: a shipper
 * transaction stamps its rows with its start time but they become visible only at commit, so
 * a pass can set the watermark past rows that are not visible yet.
 */
export const INGEST_OVERLAP_MS = 60_000;
const MINUTES_PER_FLUSH = 30;

export interface RollupOptions {
  /** Rows fetched per cursor page (tests make it small to prove paging). */
  pageRows?: number;
}

interface ServiceAcc {
  predictions: number;
  latency: number[];
  scoreCounts: number[];
  scoreSums: number[];
  scoreSquares: number[];
  positives: number;
  /** Non-binary versions only (binary rows fill the score bins). */
  outputs: OutputCounts | null;
}

/** What the rollup needs of a version: its reference (null: none) and, for a non-binary version, how its outputs are binned. */
interface VersionRollup {
  ref: { features: FeatureReference[]; score: ScoreReference } | null;
  outputs: OutputBinning | null;
}

interface RawRow {
  minute: Date;
  version_id: string;
  route: string;
  inputs: Record<string, unknown>;
  score: number | null;
  label: number | null;
  /** The logged outputs of a non-binary prediction (null for binary rows, read through `score`). */
  task_outputs: unknown;
  latency_ms: number;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

/**
 * Replaces the hourly feature rollups of these versions and hours with the sums of their minute
 * rows. Counts are integers, so the sums are exact: an hour row adds up to exactly what its
 * minute rows add up to. Callers serialise writers of one model (see flush). Summed here rather
 * than in SQL: expanding every jsonb array and grouping by element in Postgres measured about
 * three times as slow (bench:monitor: 120 s vs 42 s for 50 model-days; the pass 14.7 s vs 5.9 s). Memory: at most the given hours' minute rows (a flush touches ≤ MINUTES_PER_FLUSH hours).
 */
export async function sumHours(tx: DbOrTx, versionIds: string[], hours: Date[]): Promise<void> {
  if (!versionIds.length || !hours.length) return;
  const v = sql`${`{${versionIds.join(',')}}`}::uuid[]`;
  const h = sql`${`{${hours.map((d) => d.toISOString()).join(',')}}`}::timestamptz[]`;
  // The minute rows of each hour, found through the primary key by hour range.
  const { rows } = await tx.execute<{ version_id: string; route: string; hour_ms: number; feature: string; n: number; missing: number; out_of_range: number; unseen: number; counts: number[] }>(sql`
    SELECT f.version_id, f.route, (extract(epoch from hs.h) * 1000)::float8 AS hour_ms, f.feature, f.n, f.missing, f.out_of_range, f.unseen, f.counts
    FROM unnest(${h}) AS hs(h) JOIN feature_rollups f ON f.version_id = ANY(${v}) AND f.minute >= hs.h AND f.minute < hs.h + interval '1 hour'`);
  const sums = new Map<string, { versionId: string; route: string; hour: Date; feature: string; n: number; missing: number; outOfRange: number; unseen: number; counts: number[] }>();
  for (const r of rows) {
    const key = `${r.version_id}|${r.route}|${r.hour_ms}|${r.feature}`;
    let s = sums.get(key);
    if (!s) sums.set(key, (s = { versionId: r.version_id, route: r.route, hour: new Date(r.hour_ms), feature: r.feature, n: 0, missing: 0, outOfRange: 0, unseen: 0, counts: [] }));
    s.n += r.n;
    s.missing += r.missing;
    s.outOfRange += r.out_of_range;
    s.unseen += r.unseen;
    for (let i = 0; i < r.counts.length; i++) s.counts[i] = (s.counts[i] ?? 0) + r.counts[i];
  }
  await tx.execute(sql`DELETE FROM feature_rollups_hourly WHERE version_id = ANY(${v}) AND hour = ANY(${h})`);
  const out = [...sums.values()];
  for (let i = 0; i < out.length; i += 500) await tx.insert(featureRollupsHourly).values(out.slice(i, i + 500));
}

/** Minutes (by prediction time) that gained rows ingested after `since`, and the newest ingest time seen. */
async function dirtyMinutes(modelId: string, since: Date | null): Promise<{ minutes: number[]; newest: Date | null }> {
  const res = await pool().query<{ minute: Date; newest: Date }>(
    `SELECT date_trunc('minute', ts) AS minute, max(ingested_at) AS newest FROM predictions
     WHERE model_id = $1 AND route <> 'batch' AND ($2::timestamptz IS NULL OR ingested_at > $2)
     GROUP BY 1 ORDER BY 1`,
    [modelId, since],
  );
  let newest: Date | null = null;
  for (const r of res.rows) if (!newest || r.newest > newest) newest = r.newest;
  return { minutes: res.rows.map((r) => r.minute.getTime()), newest };
}

/** Runs of consecutive minutes as [start, end) ranges, so the read touches only those minutes. */
function ranges(minutes: number[]): [Date[], Date[]] {
  const starts: Date[] = [];
  const ends: Date[] = [];
  for (const m of minutes) {
    if (ends.length && ends[ends.length - 1].getTime() === m) ends[ends.length - 1] = new Date(m + MINUTE);
    else {
      starts.push(new Date(m));
      ends.push(new Date(m + MINUTE));
    }
  }
  return [starts, ends];
}

class Accumulator {
  readonly feat = new Map<string, FeatureCounts>(); // version|route|minute|feature
  readonly svc = new Map<string, ServiceAcc>(); // version|route|minute
  readonly minutes = new Set<number>();
  private readonly catIndex = new Map<string, Map<string, number>>();

  add(r: RawRow, version: VersionRollup) {
    const ref = version.ref;
    const minute = r.minute.getTime();
    this.minutes.add(minute);
    const sk = `${r.version_id}|${r.route}|${minute}`;
    let s = this.svc.get(sk);
    if (!s) {
      s = {
        predictions: 0,
        latency: new Array(LATENCY_BOUNDS_MS.length).fill(0),
        scoreCounts: new Array(SCORE_BINS).fill(0),
        scoreSums: new Array(SCORE_BINS).fill(0),
        scoreSquares: new Array(SCORE_BINS).fill(0),
        positives: 0,
        outputs: version.outputs ? emptyOutputCounts(version.outputs) : null,
      };
      this.svc.set(sk, s);
    }
    s.predictions++;
    s.latency[latencyBucket(r.latency_ms)]++;
    if (version.outputs && s.outputs) addOutputs(version.outputs, s.outputs, r.task_outputs);
    else if (r.score !== null) {
      const b = scoreBin(r.score);
      s.scoreCounts[b]++;
      s.scoreSums[b] += r.score;
      s.scoreSquares[b] += r.score * r.score;
      s.positives += r.label ?? 0;
    }
    if (!ref) return;
    for (const f of ref.features) {
      const fk = `${sk}|${f.name}`;
      let c = this.feat.get(fk);
      if (!c) {
        c = emptyCounts(f);
        this.feat.set(fk, c);
      }
      let idx: Map<string, number> | undefined;
      if (f.type === 'categorical') {
        const key = `${r.version_id}|${f.name}`;
        idx = this.catIndex.get(key);
        if (!idx) this.catIndex.set(key, (idx = new Map(f.categories.map((v, i) => [v, i]))));
      }
      addValue(f, c, r.inputs[f.name], idx);
    }
  }

  /** Replaces the rollups of the accumulated minutes (every row of those minutes was read). */
  async flush(modelId: string) {
    if (!this.svc.size) return;
    await db().transaction(async (tx) => {
      // One writer per model at a time from here to commit: the hour sums below then see every
      // minute row an earlier flush wrote (a concurrent pass could otherwise sum an hour without
      // the other's uncommitted minutes and overwrite its sum).
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`vigil.feature_rollups_hourly:${modelId}`}, 0))`);
      const svcRows = [...this.svc].map(([k, s]) => {
        const [versionId, route, minute] = k.split('|');
        return { modelId, versionId, route, minute: new Date(Number(minute)), predictions: s.predictions, latency: s.latency, scoreCounts: s.scoreCounts, scoreSums: s.scoreSums, scoreSquares: s.scoreSquares, positives: s.positives, outputs: s.outputs };
      });
      for (let i = 0; i < svcRows.length; i += 500) {
        await tx
          .insert(serviceRollups)
          .values(svcRows.slice(i, i + 500))
          .onConflictDoUpdate({
            target: [serviceRollups.versionId, serviceRollups.route, serviceRollups.minute],
            set: { predictions: sql`excluded.predictions`, latency: sql`excluded.latency`, scoreCounts: sql`excluded.score_counts`, scoreSums: sql`excluded.score_sums`, scoreSquares: sql`excluded.score_squares`, positives: sql`excluded.positives`, outputs: sql`excluded.outputs` },
          });
      }
      const featRows = [...this.feat].map(([k, c]) => {
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
      const versions = new Set(featRows.map((r) => r.versionId));
      const hours = new Set([...this.minutes].map((m) => Math.floor(m / HOUR) * HOUR));
      await sumHours(tx, [...versions], [...hours].map((x) => new Date(x)));
    });
    this.feat.clear();
    this.svc.clear();
    this.minutes.clear();
  }
}

/** A version's reference (computed and stored when missing) and its task's output binning. */
async function versionRollup(versionId: string): Promise<VersionRollup> {
  const ref = (await windowReference(db(), versionId)) ?? (await ensureReference(versionId));
  const { rows } = await db().execute<{ task: string; classes: string[] | null }>(sql`SELECT task, classes FROM model_versions WHERE id = ${versionId}`);
  const task = rows[0]?.task ?? 'binary';
  if (task === 'regression') return { ref, outputs: { task, edges: ref?.score.task === 'regression' ? ref.score.edges : null } };
  if (task === 'multiclass') {
    const classes = rows[0]?.classes ?? [];
    return { ref, outputs: { task, classes, index: new Map(classes.map((c, i) => [c, i])) } };
  }
  return { ref, outputs: null };
}

export interface RollupResult {
  /** The new ingest-time watermark (null: the model has no logged predictions yet). */
  watermark: Date | null;
  /** Prediction-time minutes re-rolled by this call. */
  minutes: number;
  rows: number;
}

/** Rolls up one model's log: every minute that gained rows since the watermark, from all its rows. */
export async function rollupModel(modelId: string, opts: RollupOptions = {}): Promise<RollupResult> {
  const pageRows = opts.pageRows ?? 5000;
  const [wm] = await db().select().from(monitorWatermarks).where(sql`${monitorWatermarks.modelId} = ${modelId}`);
  const since = wm ? new Date(wm.rolledUpTo.getTime() - INGEST_OVERLAP_MS) : null;
  const { minutes, newest } = await dirtyMinutes(modelId, since);
  if (!newest) return { watermark: wm?.rolledUpTo ?? null, minutes: 0, rows: 0 };

  const [starts, ends] = ranges(minutes);
  const versions = new Map<string, VersionRollup>();
  const acc = new Accumulator();
  let rows = 0;
  const client = await pool().connect();
  try {
    await client.query('BEGIN READ ONLY');
    await client.query(
      `DECLARE rollup_rows NO SCROLL CURSOR FOR
       SELECT date_trunc('minute', p.ts) AS minute, p.version_id, p.route, p.inputs, (p.outputs->>'score')::float8 AS score, CASE WHEN jsonb_typeof(p.outputs->'label') = 'number' THEN (p.outputs->>'label')::int END AS label,
         CASE WHEN p.outputs ? 'score' THEN NULL ELSE p.outputs END AS task_outputs, p.latency_ms
       FROM unnest($2::timestamptz[], $3::timestamptz[]) AS r(a, b)
       JOIN predictions p ON p.model_id = $1 AND p.ts >= r.a AND p.ts < r.b AND p.route <> 'batch'
       ORDER BY p.ts`,
      [modelId, starts, ends],
    );
    for (;;) {
      const page = await client.query<RawRow>(`FETCH ${pageRows} FROM rollup_rows`);
      for (const r of page.rows) {
        // Minutes arrive in order: once enough are complete, write them and free the counts.
        if (acc.minutes.size >= MINUTES_PER_FLUSH && !acc.minutes.has(r.minute.getTime())) await acc.flush(modelId);
        // The cached bins when the version has a reference; computed (and stored) when not yet.
        let version = versions.get(r.version_id);
        if (!version) versions.set(r.version_id, (version = await versionRollup(r.version_id)));
        acc.add(r, version);
        rows++;
      }
      if (page.rows.length < pageRows) break;
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(logHandled('monitor', 'rollback of the rollup read failed', { model: modelId }));
    throw e;
  } finally {
    client.release();
  }
  await acc.flush(modelId);
  // Never moves back (two passes at once may finish in either order).
  await db()
    .insert(monitorWatermarks)
    .values({ modelId, rolledUpTo: newest })
    .onConflictDoUpdate({ target: monitorWatermarks.modelId, set: { rolledUpTo: sql`greatest(${monitorWatermarks.rolledUpTo}, excluded.rolled_up_to)` } });
  return { watermark: newest, minutes: minutes.length, rows };
}
