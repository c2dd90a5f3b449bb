// `npm run bench:drift`: what a drift report costs when it is computed from the per-minute
// rollups (what the console does) against computing it from the raw prediction log, over
// 1,000,000 logged predictions × 20 inputs, in the same run.
//
// 1. A scratch stack (embedded Postgres + Redis, migrated) and a model version with 20 inputs
//    (14 numeric, 6 categorical; bench/lib/drift-data.ts) whose reference profile is built
//    from a generated 20,000-row training sample with the real profile/reference functions.
// 2. The predictions — spread evenly over the last --hours (24) hours, the last --drift-hours
//    (6) drifting in 6 of the inputs — are COPYed into `predictions` in batches through the
//    serving log shipper's own copyRecords (staging table + INSERT … ON CONFLICT), then
//    VACUUM ANALYZE. Reported as load_s; not part of the compared figures.
// 3. The rollups are built with the real rollupModel (one call: every minute that gained rows
//    since the ingest-time watermark, read through a cursor; each flush also re-sums its hours
//    into feature_rollups_hourly): rollup_build_s, the one-off cost that the monitoring pass
//    otherwise spreads over the day a minute at a time.
// 4. Timed, alternately, --repeats (3) times each, for the whole window (minute-aligned, so
//    its first and last hours are partial):
//      rollup: featureWindows (sums the window's whole hours from feature_rollups_hourly and the
//              partial hours at its edges from feature_rollups) + summarize
//      raw:    SELECT every logged `inputs` of the window (in 30-minute slices), addValue each
//              value into the reference bins, featureWindow per input + summarize
//    Both must give identical figures (bin counts and every statistic, compared exactly);
//    the bench fails otherwise. The medians are rollup_ms and raw_ms.
//    Untimed besides: the same window summed from every minute row (the path before hourly
//    rollups), which must give the same counts.
// Prints tables, then ONE JSON line: {"predictions","features","rollup_ms","raw_ms","speedup", …}
//
// Options: --predictions N (1000000) --hours H (24) --drift-hours H (6) --repeats N (3) --keep
import crypto from 'node:crypto';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { fmt, log, printTable, round } from './lib/report';
import { setupBenchStack } from './lib/stack';

const { values: args } = parseArgs({
  options: {
    predictions: { type: 'string', default: '1000000' },
    hours: { type: 'string', default: '24' },
    'drift-hours': { type: 'string', default: '6' },
    repeats: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});
const N = Number(args.predictions);
const HOURS = Number(args.hours);
const DRIFT_HOURS = Number(args['drift-hours']);
const REPEATS = Number(args.repeats);
if (!(Number.isInteger(N) && N > 0) || !(HOURS > 0) || !(DRIFT_HOURS >= 0 && DRIFT_HOURS <= HOURS) || !(Number.isInteger(REPEATS) && REPEATS >= 1)) {
  process.stderr.write('bench:drift: --predictions, --hours, --drift-hours and --repeats must be positive numbers (drift-hours ≤ hours)\n');
  process.exit(2);
}
const BATCH = 50_000;
const REFERENCE_ROWS = 20_000;
const MIN_ROWS = 100;
const MINUTE = 60_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const stack = await setupBenchStack('drift', log, { keep: args.keep });
let exitCode = 0;
try {
  const { db, pool } = await import('@/server/db/client');
  const { datasets, datasetVersions, featureRollups, featureRollupsHourly, models, modelVersions, referenceProfiles } = await import('@/server/db/schema');
  const { and, count, eq, gte, inArray, lt, sql } = await import('drizzle-orm');
  const { copyRecords } = await import('@/server/serving/log-shipper');
  const { rollupModel } = await import('@/server/services/monitoring/rollup');
  const { featureWindows } = await import('@/server/services/monitoring/window-report');
  const { summarize } = await import('@/server/ml/monitoring/window');
  const { INPUTS, buildReference, predictionInputs, rng, signature } = await import('./lib/drift-data');
  const { rawFeatureWindows } = await import('./lib/drift-raw');
  type PredictionRecord = import('@/server/serving/prediction-record').PredictionRecord;

  // --- 1. model, version and reference profile ---------------------------------------------
  const database = db();
  const [model] = await database.insert(models).values({ name: 'drift-bench', description: 'bench:drift' }).returning();
  const [ds] = await database.insert(datasets).values({ name: 'drift-bench-training' }).returning();
  const [dv] = await database
    .insert(datasetVersions)
    .values({ datasetId: ds.id, sha256: '0'.repeat(64), byteSize: 0, rowCount: REFERENCE_ROWS, schema: INPUTS.map((d) => ({ name: d.name, type: d.type, nullable: d.missing > 0 })), profileStatus: 'ready' })
    .returning();
  const [mv] = await database.insert(modelVersions).values({ modelId: model.id, version: 1, source: 'upload', artifactSha256: '0'.repeat(64), artifactSize: 0, signature: signature() }).returning();
  const reference = buildReference(REFERENCE_ROWS, 1);
  await database.insert(referenceProfiles).values({ versionId: mv.id, datasetVersionId: dv.id, rows: REFERENCE_ROWS, features: reference.features, score: reference.score });
  log(`model drift-bench v1: ${INPUTS.length} inputs, reference from ${REFERENCE_ROWS} generated training rows`);

  // --- 2. the prediction log -----------------------------------------------------------------
  // The log ends two minutes before now (minute-aligned): inside today's partitions.
  const end = Math.floor(Date.now() / MINUTE) * MINUTE - 2 * MINUTE;
  const start = end - HOURS * 3_600_000;
  const driftFrom = end - DRIFT_HOURS * 3_600_000;
  const span = end - start;
  const r = rng(2);
  const client = await pool().connect();
  let t0 = performance.now();
  try {
    for (let b = 0; b < N; b += BATCH) {
      const records: PredictionRecord[] = [];
      for (let i = b; i < Math.min(N, b + BATCH); i++) {
        const ts = start + Math.floor(((i + r()) * span) / N);
        const { inputs, score } = predictionInputs(r, ts >= driftFrom);
        records.push({
          id: crypto.randomUUID(),
          ts: new Date(ts).toISOString(),
          model_id: model.id,
          version_id: mv.id,
          route: 'production',
          inputs,
          outputs: { score, label: score >= 0.5 ? 1 : 0 },
          latency_ms: Math.round((2 + 18 * r()) * 100) / 100,
          request_key: null,
          context: null,
        });
      }
      const inserted = await copyRecords(client, records);
      if (inserted !== records.length) throw new Error(`COPY inserted ${inserted} of ${records.length} rows`);
      if ((b / BATCH) % 4 === 3) log(`loaded ${b + records.length} predictions (${fmt((performance.now() - t0) / 1000)} s)`);
    }
    await client.query('VACUUM ANALYZE predictions');
  } finally {
    client.release();
  }
  const loadS = (performance.now() - t0) / 1000;
  const logBytes = Number((await pool().query(`SELECT sum(pg_total_relation_size(inhrelid)) AS b FROM pg_inherits WHERE inhparent = 'predictions'::regclass`)).rows[0].b);
  log(`loaded ${N} predictions over ${HOURS} h in ${fmt(loadS)} s (${fmt(logBytes / 2 ** 20, 0)} MiB with indexes)`);

  // --- 3. rollups ------------------------------------------------------------------------------
  t0 = performance.now();
  let calls = 0;
  for (;;) {
    const r = await rollupModel(model.id);
    calls++;
    if (!r.watermark) throw new Error('rollupModel found no predictions');
    if (r.minutes === 0 || calls > 1) break;
  }
  const rollupBuildS = (performance.now() - t0) / 1000;
  const [{ rollupRows }] = await database.select({ rollupRows: count() }).from(featureRollups).where(eq(featureRollups.versionId, mv.id));
  const [{ hourlyRows }] = await database.select({ hourlyRows: count() }).from(featureRollupsHourly).where(eq(featureRollupsHourly.versionId, mv.id));
  log(`rollups built in ${fmt(rollupBuildS)} s (${calls} rollupModel calls): ${rollupRows} feature_rollups rows, ${hourlyRows} hourly rows`);

  // --- 4. the report, both ways ----------------------------------------------------------------
  const window = { start: new Date(start), end: new Date(end), minRows: MIN_ROWS };
  // What the rollup path reads: the whole hours' hourly rows and the edge hours' minute rows.
  const firstHour = new Date(Math.ceil(start / 3_600_000) * 3_600_000);
  const lastHour = new Date(Math.floor(end / 3_600_000) * 3_600_000);
  const [{ edgeRows }] = await database
    .select({ edgeRows: count() })
    .from(featureRollups)
    .where(and(eq(featureRollups.versionId, mv.id), sql`(${featureRollups.minute} >= ${window.start} AND ${featureRollups.minute} < ${firstHour} OR ${featureRollups.minute} >= ${lastHour} AND ${featureRollups.minute} < ${window.end})`));
  const [{ wholeRows }] = await database.select({ wholeRows: count() }).from(featureRollupsHourly).where(and(eq(featureRollupsHourly.versionId, mv.id), gte(featureRollupsHourly.hour, firstHour), lt(featureRollupsHourly.hour, lastHour)));
  const rowsRead = edgeRows + wholeRows;
  log(`the rollup path reads ${wholeRows} hourly rows and ${edgeRows} edge-minute rows`);
  const viaRollups = async () => {
    const fw = await featureWindows(database, mv.id, window);
    if (!fw) throw new Error('no reference profile');
    return { features: fw.features, counts: fw.counts, summary: summarize(fw.features) };
  };
  const rawQueryMs: number[] = [];
  const minutesOnlyMs: number[] = [];
  const viaRaw = async () => {
    const raw = await rawFeatureWindows(pool(), mv.id, window);
    if (raw.rows !== N) throw new Error(`raw scan read ${raw.rows} rows, expected ${N}`);
    rawQueryMs.push(raw.queryMs);
    return { features: raw.features, counts: raw.counts, summary: summarize(raw.features) };
  };
  const rollupMs: number[] = [];
  const rawMs: number[] = [];
  let first: Awaited<ReturnType<typeof viaRollups>> | null = null;
  for (let k = 0; k < REPEATS; k++) {
    let s = performance.now();
    const a = await viaRollups();
    rollupMs.push(performance.now() - s);
    s = performance.now();
    const b = await viaRaw();
    rawMs.push(performance.now() - s);
    log(`run ${k + 1}/${REPEATS}: rollups ${fmt(rollupMs[k])} ms, raw ${fmt(rawMs[k])} ms`);
    // Exact equality: same bin counts, and so bit-identical statistics and shares.
    if (!isDeepStrictEqual(a, b)) {
      const diff = a.features.filter((f, i) => !isDeepStrictEqual(f, b.features[i]) || !isDeepStrictEqual(a.counts.get(f.feature), b.counts.get(f.feature))).map((f) => f.feature);
      throw new Error(`the report from rollups differs from the one from raw rows (features: ${diff.join(', ') || 'summary only'})`);
    }
    // Untimed, for "where the time goes": the same window summed from every minute row, as
    // before hourly rollups (must give the same counts).
    s = performance.now();
    const minuteRows = await database.select().from(featureRollups).where(and(eq(featureRollups.versionId, mv.id), gte(featureRollups.minute, window.start), lt(featureRollups.minute, window.end), inArray(featureRollups.route, ['production', 'canary'])));
    const minuteCounts = new Map(INPUTS.map((d) => [d.name, { n: 0, missing: 0, outOfRange: 0, unseen: 0, counts: [] as number[] }]));
    for (const m of minuteRows) {
      const c = minuteCounts.get(m.feature)!;
      c.n += m.n;
      c.missing += m.missing;
      c.outOfRange += m.outOfRange;
      c.unseen += m.unseen;
      m.counts.forEach((x, i) => (c.counts[i] = (c.counts[i] ?? 0) + x));
    }
    minutesOnlyMs.push(performance.now() - s);
    for (const [name, c] of minuteCounts) if (!isDeepStrictEqual(c, { ...a.counts.get(name) })) throw new Error(`${name}: hourly + edge rollups differ from the sum of every minute row`);
    if (first && !isDeepStrictEqual(first, a)) throw new Error(`run ${k + 1} gave a different report than run 1`);
    first ??= a;
  }
  const report = first!;
  for (const f of report.features) if (f.n !== N) throw new Error(`${f.feature}: the window counts ${f.n} rows, expected ${N}`);

  console.log(`Drift report over ${HOURS} h (${N} predictions; the last ${DRIFT_HOURS} h drift in 6 inputs); identical from rollups and from raw rows`);
  printTable(
    ['input', 'type', 'method', 'statistic', 'drifted', 'missing', 'out of range', 'unseen'],
    report.features.map((f) => [
      f.feature,
      f.type,
      f.method,
      f.statistic === null ? '—' : f.statistic.toFixed(4),
      f.drifted ? 'yes' : 'no',
      f.missingShare === null ? '—' : `${(100 * f.missingShare).toFixed(2)}%`,
      f.outOfRangeShare === null ? '—' : `${(100 * f.outOfRangeShare).toFixed(2)}%`,
      f.unseenShare === null ? '—' : `${(100 * f.unseenShare).toFixed(2)}%`,
    ]),
  );
  console.log(`drifted: ${report.summary.drifted} of ${report.summary.tested} (${report.summary.driftedFeatures.join(', ')})`);
  console.log('');
  const rollupMed = median(rollupMs);
  const rawMed = median(rawMs);
  printTable(
    ['step', 'runs', 'median', 'min', 'max'],
    [
      ['load (COPY via copyRecords + VACUUM ANALYZE)', 1, `${fmt(loadS)} s`, '', ''],
      [`rollup build (${calls} rollupModel calls → ${rollupRows} minute + ${hourlyRows} hourly rows)`, 1, `${fmt(rollupBuildS)} s`, '', ''],
      ['report from rollups', REPEATS, `${fmt(rollupMed)} ms`, `${fmt(Math.min(...rollupMs))} ms`, `${fmt(Math.max(...rollupMs))} ms`],
      ['report from raw rows', REPEATS, `${fmt(rawMed)} ms`, `${fmt(Math.min(...rawMs))} ms`, `${fmt(Math.max(...rawMs))} ms`],
      ['  of which waiting for rows (query + jsonb parse)', REPEATS, `${fmt(median(rawQueryMs))} ms`, `${fmt(Math.min(...rawQueryMs))} ms`, `${fmt(Math.max(...rawQueryMs))} ms`],
      ['(untimed) every minute row summed instead, no report', REPEATS, `${fmt(median(minutesOnlyMs))} ms`, `${fmt(Math.min(...minutesOnlyMs))} ms`, `${fmt(Math.max(...minutesOnlyMs))} ms`],
    ],
  );
  console.log(
    JSON.stringify({
      predictions: N,
      features: INPUTS.length,
      rollup_ms: round(rollupMed, 1),
      raw_ms: round(rawMed, 1),
      speedup: round(rawMed / rollupMed, 1),
      identical: true,
      repeats: REPEATS,
      hours: HOURS,
      drifted_features: report.summary.drifted,
      load_s: round(loadS, 1),
      rollup_build_s: round(rollupBuildS, 1),
      raw_query_ms: round(median(rawQueryMs), 1),
      minutes_only_ms: round(median(minutesOnlyMs), 1),
      rollup_rows: rollupRows,
      hourly_rows: hourlyRows,
      rows_read: rowsRead,
      log_mib: round(logBytes / 2 ** 20, 0),
    }),
  );
} catch (e) {
  process.stderr.write(`bench:drift: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  exitCode = 1;
} finally {
  const { pool } = await import('@/server/db/client');
  await pool().end().catch(() => {});
  await stack.stop();
}
process.exit(exitCode);
