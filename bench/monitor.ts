// `npm run bench:monitor`: how long one scheduled monitoring pass (runMonitor: roll up each
// model's new rows, evaluate its default alert rules on their windows, record transitions) takes
// for --models (50) served models × --inputs (50) inputs, each with a day of rollups behind it
// and live traffic arriving, against the pass interval (VIGIL_MONITOR_EVERY_MS, 60 s).
//
// 1. A scratch stack; per model a version with --inputs inputs (the drift bench's 20 input shapes,
//    repeated) and a real reference profile, and the `production` alias on it.
// 2. A day of history per model, written straight into the rollup tables (not from raw rows, which
//    would take hours to log): every minute of the last --hours (24) gets the per-minute
//    feature_rollups and service_rollups that --per-minute (100) generated predictions give
//    (binned once with the real addValue, the same counts every minute); then each model's hours
//    are summed into feature_rollups_hourly with the pass's own sumHours; the watermark is set
//    to the end of that history.
// 3. Live traffic: the first pass finds --per-minute real predictions per model for each of the
//    two minutes after the history (COPYed through the log shipper's copyRecords); each of the
//    --passes (3) steady passes finds one more minute of them. Every pass runs as the scheduler
//    would at the end of the newest minute. The first pass also creates each model's default rules.
// 4. pass_s is the median steady pass; the table also shows the first pass and per-model times.
// Prints a table, then ONE JSON line: {"models","inputs","pass_s","interval_s","within_interval", …}
//
// Options: --models N (50) --inputs N (50) --hours H (24) --per-minute N (100) --passes N (3) --keep
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { fmt, log, printTable, round } from './lib/report';
import { setupBenchStack } from './lib/stack';

const { values: args } = parseArgs({
  options: {
    models: { type: 'string', default: '50' },
    inputs: { type: 'string', default: '50' },
    hours: { type: 'string', default: '24' },
    'per-minute': { type: 'string', default: '100' },
    passes: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});
const MODELS = Number(args.models);
const N_INPUTS = Number(args.inputs);
const HOURS = Number(args.hours);
const PER_MINUTE = Number(args['per-minute']);
const PASSES = Number(args.passes);
for (const [k, v] of Object.entries({ models: MODELS, inputs: N_INPUTS, hours: HOURS, 'per-minute': PER_MINUTE, passes: PASSES })) {
  if (!(Number.isInteger(v) && v > 0)) {
    process.stderr.write(`bench:monitor: --${k} must be a positive whole number\n`);
    process.exit(2);
  }
}
const MINUTE = 60_000;
const REFERENCE_ROWS = 5_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const stack = await setupBenchStack('monitor', log, { keep: args.keep });
let exitCode = 0;
try {
  const { db, pool } = await import('@/server/db/client');
  const { aliases, alerts, datasets, datasetVersions, models, modelVersions, monitorWatermarks, referenceProfiles } = await import('@/server/db/schema');
  const { count, sql } = await import('drizzle-orm');
  const { env } = await import('@/server/env');
  const { copyRecords } = await import('@/server/serving/log-shipper');
  const { runMonitor } = await import('@/server/services/monitoring/run-monitor');
  const { sumHours } = await import('@/server/services/monitoring/rollup');
  const { addValue, emptyCounts } = await import('@/server/ml/monitoring/binning');
  const { latencyBucket, LATENCY_BOUNDS_MS } = await import('@/server/ml/monitoring/latency');
  const { SCORE_BINS, scoreBin } = await import('@/server/ml/monitoring/score-bins');
  const { profileCategorical, profileNumeric } = await import('@/server/ml/data/profile');
  const { featureReference, scoreReference } = await import('@/server/ml/monitoring/reference');
  const { INPUTS, predictionInputs, rng } = await import('./lib/drift-data');
  type PredictionRecord = import('@/server/serving/prediction-record').PredictionRecord;

  // Input i has the shape of the drift bench's input i mod 20; every 20 inputs draw a fresh row.
  const defs = Array.from({ length: N_INPUTS }, (_, i) => ({ name: `in_${String(i).padStart(2, '0')}`, base: INPUTS[i % INPUTS.length], group: Math.floor(i / INPUTS.length) }));
  const groups = Math.ceil(N_INPUTS / INPUTS.length);
  const row = (r: () => number) => {
    const drawn = Array.from({ length: groups }, () => predictionInputs(r, false));
    const inputs: Record<string, number | string | null> = {};
    for (const d of defs) inputs[d.name] = drawn[d.group].inputs[d.base.name];
    return { inputs, score: drawn[0].score };
  };

  // --- 1. reference profile (one, shared by every version: same inputs) -------------------------
  const r = rng(5);
  const sample = Array.from({ length: REFERENCE_ROWS }, () => row(r));
  const features = defs.map((d) => {
    if (d.base.type === 'numeric') {
      const values = Float64Array.from(sample, (s) => (s.inputs[d.name] === null ? Number.NaN : (s.inputs[d.name] as number)));
      return featureReference(profileNumeric(d.name, values), values);
    }
    const values = sample.map((s) => s.inputs[d.name] as string | null);
    return featureReference(profileCategorical(d.name, values), values);
  });
  const score = scoreReference(sample.map((s) => s.score));

  // One minute's rollups (what --per-minute predictions give), written for every history minute.
  const minute = Array.from({ length: PER_MINUTE }, () => row(r));
  const featCounts = features.map((f) => {
    const c = emptyCounts(f);
    const idx = f.type === 'categorical' ? new Map(f.categories.map((v, i) => [v, i])) : undefined;
    for (const m of minute) addValue(f, c, m.inputs[f.name], idx);
    return c;
  });
  const latency = new Array(LATENCY_BOUNDS_MS.length).fill(0);
  const scoreCounts = new Array(SCORE_BINS).fill(0);
  const scoreSums = new Array(SCORE_BINS).fill(0);
  const scoreSquares = new Array(SCORE_BINS).fill(0);
  let positives = 0;
  for (const m of minute) {
    latency[latencyBucket(10)]++;
    const b = scoreBin(m.score);
    scoreCounts[b]++;
    scoreSums[b] += m.score;
    scoreSquares[b] += m.score * m.score;
    positives += m.score >= 0.5 ? 1 : 0;
  }

  const database = db();
  const T = Math.floor(Date.now() / MINUTE) * MINUTE - (PASSES + 2) * MINUTE; // end of the history
  const histStart = T - HOURS * 3_600_000;
  const [ds] = await database.insert(datasets).values({ name: 'monitor-bench-training' }).returning();
  const [dv] = await database.insert(datasetVersions).values({ datasetId: ds.id, sha256: '0'.repeat(64), byteSize: 0, rowCount: REFERENCE_ROWS, schema: [], profileStatus: 'ready' }).returning();
  const served: { modelId: string; versionId: string }[] = [];
  const t0 = performance.now();
  let hourRows = 0;
  let insertMs = 0;
  let sumMs = 0;
  for (let k = 0; k < MODELS; k++) {
    const [model] = await database.insert(models).values({ name: `monitor-bench-${String(k).padStart(3, '0')}`, description: 'bench:monitor' }).returning();
    const [mv] = await database
      .insert(modelVersions)
      .values({ modelId: model.id, version: 1, source: 'upload', artifactSha256: '0'.repeat(64), artifactSize: 0, signature: { inputs: { kind: 'columns', inputs: defs.map((d) => ({ name: d.name, elem: d.base.type === 'numeric' ? 'double' : 'string', rank: 2, spec: { name: d.name, type: d.base.type, nullable: true } })) }, spec: null, output: { name: 'probability', column: 1, width: 2 } } })
      .returning();
    await database.insert(referenceProfiles).values({ versionId: mv.id, datasetVersionId: dv.id, rows: REFERENCE_ROWS, features, score });
    await database.insert(aliases).values({ modelId: model.id, name: 'production', versionId: mv.id });
    served.push({ modelId: model.id, versionId: mv.id });

    // --- 2. a day of history ------------------------------------------------------------------
    let s0 = performance.now();
    await pool().query(
      `INSERT INTO feature_rollups (version_id, route, minute, feature, n, missing, out_of_range, unseen, counts)
       SELECT $1, 'production', m, f.feature, f.n, f.missing, f.out_of_range, f.unseen, f.counts
       FROM generate_series($2::timestamptz, $3::timestamptz - interval '1 minute', interval '1 minute') AS m,
            unnest($4::text[], $5::int[], $6::int[], $7::int[], $8::int[], $9::jsonb[]) AS f(feature, n, missing, out_of_range, unseen, counts)`,
      [mv.id, new Date(histStart), new Date(T), features.map((f) => f.name), featCounts.map((c) => c.n), featCounts.map((c) => c.missing), featCounts.map((c) => c.outOfRange), featCounts.map((c) => c.unseen), featCounts.map((c) => JSON.stringify(c.counts))],
    );
    await pool().query(
      `INSERT INTO service_rollups (model_id, version_id, route, minute, predictions, latency, score_counts, score_sums, score_squares, positives)
       SELECT $1, $2, 'production', m, $5, $6, $7, $8, $9, $10
       FROM generate_series($3::timestamptz, $4::timestamptz - interval '1 minute', interval '1 minute') AS m`,
      [model.id, mv.id, new Date(histStart), new Date(T), PER_MINUTE, JSON.stringify(latency), JSON.stringify(scoreCounts), JSON.stringify(scoreSums), JSON.stringify(scoreSquares), positives],
    );
    insertMs += performance.now() - s0;
    s0 = performance.now();
    const hours: Date[] = [];
    for (let h = Math.floor(histStart / 3_600_000) * 3_600_000; h < T; h += 3_600_000) hours.push(new Date(h));
    await database.transaction((tx) => sumHours(tx, [mv.id], hours));
    hourRows += hours.length * N_INPUTS;
    sumMs += performance.now() - s0;
    await database.insert(monitorWatermarks).values({ modelId: model.id, rolledUpTo: new Date() });
    if (k % 10 === 9) log(`history for ${k + 1} models (${fmt((performance.now() - t0) / 1000)} s: minute rows ${fmt(insertMs / 1000)} s, hour sums ${fmt(sumMs / 1000)} s)`);
  }
  await pool().query('VACUUM ANALYZE feature_rollups, feature_rollups_hourly, service_rollups');
  const historyS = (performance.now() - t0) / 1000;
  const featureRows = MODELS * N_INPUTS * HOURS * 60;
  log(`history: ${featureRows} feature_rollups rows, ~${hourRows} hourly rows, ${MODELS * HOURS * 60} service_rollups rows in ${fmt(historyS)} s (minute rows ${fmt(insertMs / 1000)} s, hour sums ${fmt(sumMs / 1000)} s)`);

  // --- 3. traffic and passes ----------------------------------------------------------------------
  const client = await pool().connect();
  let traffic = 0;
  const logMinutes = async (from: number, minutes: number) => {
    const records: PredictionRecord[] = [];
    for (const s of served) {
      for (let i = 0; i < minutes * PER_MINUTE; i++) {
        const { inputs, score: p } = row(r);
        records.push({ id: crypto.randomUUID(), ts: new Date(from + Math.floor((i * minutes * MINUTE) / (minutes * PER_MINUTE))).toISOString(), model_id: s.modelId, version_id: s.versionId, route: 'production', inputs, outputs: { score: p, label: p >= 0.5 ? 1 : 0 }, latency_ms: 10, request_key: null, context: null });
      }
    }
    for (let i = 0; i < records.length; i += 20_000) {
      const batch = records.slice(i, i + 20_000);
      if ((await copyRecords(client, batch)) !== batch.length) throw new Error('COPY lost rows');
    }
    traffic += records.length;
  };
  const passMs: number[] = [];
  const perPass: { label: string; ms: number; fired: number; resolved: number; failed: number; newRows: number }[] = [];
  try {
    for (let p = 0; p <= PASSES; p++) {
      const from = p === 0 ? T : T + (p + 1) * MINUTE;
      const minutes = p === 0 ? 2 : 1;
      await logMinutes(from, minutes);
      const now = from + minutes * MINUTE;
      const s = performance.now();
      const res = await runMonitor(now);
      const ms = performance.now() - s;
      if (res.models !== MODELS) throw new Error(`the pass saw ${res.models} served models, expected ${MODELS}`);
      if (res.failed.length) throw new Error(`the pass failed for ${res.failed.length} models (${res.failed.slice(0, 3).join(', ')})`);
      perPass.push({ label: p === 0 ? 'first pass (2 new minutes; creates the default rules)' : `steady pass ${p} (1 new minute)`, ms, fired: res.fired, resolved: res.resolved, failed: res.failed.length, newRows: minutes * PER_MINUTE * MODELS });
      if (p > 0) passMs.push(ms);
      log(`${perPass[p].label}: ${fmt(ms / 1000, 2)} s, fired ${res.fired}, resolved ${res.resolved}`);
    }
  } finally {
    client.release();
  }
  const [{ firing }] = await database.select({ firing: count() }).from(alerts).where(sql`${alerts.status} = 'firing'`);
  const [{ rules }] = (await pool().query<{ rules: number }>(`SELECT count(*)::int AS rules FROM alert_rules WHERE enabled`)).rows;
  const firingBy = (await pool().query<{ metric: string; n: number }>(`SELECT r.metric, count(*)::int AS n FROM alerts a JOIN alert_rules r ON r.id = a.rule_id WHERE a.status = 'firing' GROUP BY 1 ORDER BY 1`)).rows;

  const intervalS = env().VIGIL_MONITOR_EVERY_MS / 1000;
  const passS = median(passMs) / 1000;
  console.log(`Monitoring pass: ${MODELS} served models × ${N_INPUTS} inputs, ${HOURS} h of rollups each, ${PER_MINUTE} predictions a minute per model; ${rules} enabled rules`);
  printTable(
    ['pass', 'new predictions', 'time', 'per model', 'fired', 'resolved'],
    perPass.map((p) => [p.label, p.newRows, `${fmt(p.ms / 1000, 2)} s`, `${fmt(p.ms / MODELS, 0)} ms`, p.fired, p.resolved]),
  );
  console.log(`median steady pass ${fmt(passS, 2)} s against a pass interval of ${fmt(intervalS, 0)} s (${fmt((100 * passS) / intervalS, 1)}% of it); ${firing} alerts firing (${firingBy.map((f) => `${f.metric}: ${f.n}`).join(', ') || 'none'})`);
  console.log(
    JSON.stringify({
      models: MODELS,
      inputs: N_INPUTS,
      pass_s: round(passS, 2),
      interval_s: intervalS,
      within_interval: passS < intervalS,
      first_pass_s: round(perPass[0].ms / 1000, 2),
      passes: PASSES,
      hours: HOURS,
      per_minute: PER_MINUTE,
      rules,
      alerts_firing: firing,
      feature_rollup_rows: featureRows,
      history_s: round(historyS, 1),
      traffic_rows: traffic,
    }),
  );
} catch (e) {
  process.stderr.write(`bench:monitor: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  exitCode = 1;
} finally {
  const { pool } = await import('@/server/db/client');
  await pool().end().catch(() => {});
  await stack.stop();
}
process.exit(exitCode);
