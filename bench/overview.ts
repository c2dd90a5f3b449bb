// `npm run bench:overview`: how long the Overview's server read (fleetOverview: served models
// with their aliases, two hours of traffic sparklines, firing alerts, pending promotion requests,
// active jobs, the newest audit events) takes with --models (100) served models, against a
// baseline measured in the same run on the same data: ONE indexed query that reads the served
// models with their aliases and sums their two hours of traffic (the Overview's two largest
// reads, joined), plus the round-trip floor (SELECT 1).
//
// Seeded straight into the tables (no serving, no monitor passes), per model: --versions (3)
// versions, `production` on the newest and a 10% `canary` on every third model, --hours (24) of
// per-minute service_rollups on the production and canary routes (so the sparklines' two-hour
// window is a slice of a longer history, as in a running fleet), --rules (8) alert rules with
// --resolved (20) resolved alerts and, on every fifth model, one firing alert. Fleet-wide: a
// pending promotion request per tenth model, --jobs (2,000) finished jobs and 5 active ones,
// --audit (20,000) audit events.
//
// Timing: --iterations (30) calls of each after 3 warm-up calls, alternated (overview, baseline,
// floor) so load drifts hit all three alike. Prints a table, then ONE JSON line:
// {"models","overview_ms_p50","baseline_ms_p50","floor_ms_p50","ratio_p50",…}
//
// Options: --models N (100) --versions N (3) --hours H (24) --rules N (8) --resolved N (20)
//          --jobs N (2000) --audit N (20000) --iterations N (30) --keep
import { parseArgs } from 'node:util';
import { fmt, log, printTable, round } from './lib/report';
import { setupBenchStack } from './lib/stack';

const { values: args } = parseArgs({
  options: {
    models: { type: 'string', default: '100' },
    versions: { type: 'string', default: '3' },
    hours: { type: 'string', default: '24' },
    rules: { type: 'string', default: '8' },
    resolved: { type: 'string', default: '20' },
    jobs: { type: 'string', default: '2000' },
    audit: { type: 'string', default: '20000' },
    iterations: { type: 'string', default: '30' },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});
const N = Object.fromEntries(Object.entries(args).filter(([k]) => k !== 'keep').map(([k, v]) => [k, Number(v)])) as Record<'models' | 'versions' | 'hours' | 'rules' | 'resolved' | 'jobs' | 'audit' | 'iterations', number>;
for (const [k, v] of Object.entries(N)) {
  if (!(Number.isInteger(v) && v > 0)) {
    process.stderr.write(`bench:overview: --${k} must be a positive whole number\n`);
    process.exit(2);
  }
}
if (N.models > 100) {
  process.stderr.write('bench:overview: --models is at most 100 (the Overview shows 100 served models)\n');
  process.exit(2);
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

const stack = await setupBenchStack('overview', log, { keep: args.keep });
let exitCode = 0;
try {
  const { db, pool } = await import('@/server/db/client');
  const { systemActor } = await import('@/server/services/context');
  const { fleetOverview, SPARK_BUCKET_MS, SPARK_BUCKETS } = await import('@/server/services/overview/fleet-overview');
  const p = pool();
  const t0 = performance.now();
  const now = Date.now();

  // --- seed ------------------------------------------------------------------------------------
  await p.query(`INSERT INTO users (email, name, password_hash, role) VALUES ('bench-requester@example.com', 'requester', 'x', 'engineer')`);
  await p.query(
    `INSERT INTO models (name, description) SELECT 'overview-bench-' || lpad(i::text, 3, '0'), 'bench:overview' FROM generate_series(1, $1) AS i`,
    [N.models],
  );
  const signature = JSON.stringify({ inputs: { kind: 'columns', inputs: [{ name: 'x', elem: 'double', rank: 2, spec: { name: 'x', type: 'numeric', nullable: true } }] }, spec: null, output: { name: 'probability', column: 1, width: 2 } });
  await p.query(
    `INSERT INTO model_versions (model_id, version, source, artifact_sha256, artifact_size, signature)
     SELECT m.id, v, 'upload', repeat('0', 64), 0, $2::jsonb FROM models m, generate_series(1, $1) AS v`,
    [N.versions, signature],
  );
  await p.query(`INSERT INTO aliases (model_id, name, version_id) SELECT m.id, 'production', v.id FROM models m JOIN model_versions v ON v.model_id = m.id AND v.version = $1`, [N.versions]);
  await p.query(
    `INSERT INTO aliases (model_id, name, version_id, share)
     SELECT m.id, 'canary', v.id, 0.1 FROM (SELECT id, row_number() OVER (ORDER BY name) AS k FROM models) m
     JOIN model_versions v ON v.model_id = m.id AND v.version = greatest(1, $1 - 1) WHERE m.k % 3 = 0`,
    [N.versions],
  );
  const latency = JSON.stringify(new Array(12).fill(0).map((_, i) => (i === 3 ? 100 : 0)));
  const bins = JSON.stringify(new Array(10).fill(10));
  const end = new Date(Math.floor(now / 60_000) * 60_000);
  await p.query(
    `INSERT INTO service_rollups (model_id, version_id, route, minute, predictions, latency, score_counts, score_sums, score_squares, positives)
     SELECT a.model_id, a.version_id, CASE WHEN a.name = 'production' THEN 'production' ELSE 'canary' END, m, 100, $3::jsonb, $4::jsonb, $4::jsonb, $4::jsonb, 40
     FROM aliases a, generate_series($1::timestamptz - make_interval(hours => $2), $1::timestamptz, interval '1 minute') AS m`,
    [end, N.hours, latency, bins],
  );
  const metrics = ['drift_share', 'feature_drift', 'missing_share_increase', 'error_rate', 'p95_latency_ms', 'traffic_drop', 'prediction_drift', 'calibration_gap', 'p50_latency_ms', 'p99_latency_ms', 'unseen_share', 'out_of_range_share'];
  await p.query(
    `INSERT INTO alert_rules (model_id, name, metric, direction, threshold, window_minutes, min_samples, severity)
     SELECT m.id, 'rule ' || r, ($2::text[])[1 + (r - 1) % array_length($2::text[], 1)], 'above', 0.5, 60, 100, 'warning'
     FROM models m, generate_series(1, $1) AS r`,
    [N.rules, metrics],
  );
  await p.query(
    `INSERT INTO alerts (rule_id, model_id, status, value, message, fired_at, resolved_at)
     SELECT r.id, r.model_id, 'resolved', 0.7, 'bench', now() - make_interval(hours => k), now() - make_interval(hours => k) + interval '10 minutes'
     FROM (SELECT id, model_id, row_number() OVER (PARTITION BY model_id ORDER BY name) AS n FROM alert_rules) r, generate_series(1, $1) AS k WHERE r.n = 1`,
    [N.resolved],
  );
  await p.query(
    `INSERT INTO alerts (rule_id, model_id, status, value, message)
     SELECT r.id, r.model_id, 'firing', 0.9, 'bench firing'
     FROM (SELECT ar.id, ar.model_id, row_number() OVER (PARTITION BY ar.model_id ORDER BY ar.name) AS n, dense_rank() OVER (ORDER BY m.name) AS k
           FROM alert_rules ar JOIN models m ON m.id = ar.model_id) r WHERE r.n = 2 AND r.k % 5 = 0`,
  );
  await p.query(
    `INSERT INTO promotion_requests (model_id, candidate_version_id, target, note, plan, requested_by)
     SELECT m.id, v.id, 'production', 'bench', '[{"share":1,"minutes":0}]'::jsonb, (SELECT id FROM users WHERE email = 'bench-requester@example.com')
     FROM (SELECT id, row_number() OVER (ORDER BY name) AS k FROM models) m JOIN model_versions v ON v.model_id = m.id AND v.version = 1 WHERE m.k % 10 = 0`,
  );
  await p.query(
    `INSERT INTO jobs (queue, title, status, progress, payload, created_at, finished_at)
     SELECT 'train', 'bench job ' || i, CASE WHEN i % 7 = 0 THEN 'failed' ELSE 'succeeded' END, 1, '{}'::jsonb, now() - make_interval(mins => i), now() - make_interval(mins => i) + interval '1 minute'
     FROM generate_series(1, $1) AS i`,
    [N.jobs],
  );
  await p.query(`INSERT INTO jobs (queue, title, status, progress, payload) SELECT 'train', 'bench active ' || i, CASE WHEN i % 2 = 0 THEN 'running' ELSE 'queued' END, 0.5, '{}'::jsonb FROM generate_series(1, 5) AS i`);
  await p.query(
    `INSERT INTO audit_events (actor_label, action, target_type, target_id, at, after)
     SELECT 'bench', 'alias.move', 'alias', gen_random_uuid()::text, now() - make_interval(secs => i), '{"share":1}'::jsonb FROM generate_series(1, $1) AS i`,
    [N.audit],
  );
  await p.query('VACUUM ANALYZE');
  const counts = (await p.query(`SELECT (SELECT count(*) FROM service_rollups)::int AS rollups, (SELECT count(*) FROM alerts)::int AS alerts, (SELECT count(*) FROM aliases)::int AS aliases`)).rows[0] as { rollups: number; alerts: number; aliases: number };
  log(`seeded ${N.models} models, ${counts.aliases} aliases, ${counts.rollups} service_rollups rows, ${counts.alerts} alerts, ${N.jobs + 5} jobs, ${N.audit} audit events in ${fmt((performance.now() - t0) / 1000)} s`);

  // --- measure ---------------------------------------------------------------------------------
  const ctx = { db: db(), actor: systemActor('bench:overview') };
  const from = new Date((Math.floor(now / SPARK_BUCKET_MS) - SPARK_BUCKETS + 1) * SPARK_BUCKET_MS);
  const overview = async () => {
    const o = await fleetOverview(ctx, now);
    if (o.models.length !== N.models) throw new Error(`the Overview showed ${o.models.length} models, expected ${N.models}`);
  };
  const baseline = async () => {
    const r = await p.query(
      `SELECT m.id, m.name, a.name AS alias, v.version, a.share, coalesce(t.predictions, 0) AS predictions
       FROM aliases a JOIN models m ON m.id = a.model_id JOIN model_versions v ON v.id = a.version_id
       LEFT JOIN (SELECT model_id, sum(predictions)::int AS predictions FROM service_rollups WHERE route <> 'shadow' AND minute >= $1 GROUP BY model_id) t ON t.model_id = m.id
       WHERE a.version_id IS NOT NULL ORDER BY m.name, a.name LIMIT 1000`,
      [from],
    );
    if (r.rowCount !== counts.aliases) throw new Error(`baseline read ${r.rowCount} rows, expected ${counts.aliases}`);
  };
  const floor = async () => {
    await p.query('SELECT 1');
  };
  const timings: Record<'overview' | 'baseline' | 'floor', number[]> = { overview: [], baseline: [], floor: [] };
  for (let i = 0; i < 3; i++) for (const f of [overview, baseline, floor]) await f();
  for (let i = 0; i < N.iterations; i++) {
    for (const [k, f] of [['overview', overview], ['baseline', baseline], ['floor', floor]] as const) {
      const s = performance.now();
      await f();
      timings[k].push(performance.now() - s);
    }
  }
  const p50 = (k: keyof typeof timings) => quantile(timings[k], 0.5);
  const p95 = (k: keyof typeof timings) => quantile(timings[k], 0.95);
  printTable(
    ['read', 'p50 ms', 'p95 ms', 'p50 / baseline'],
    (['overview', 'baseline', 'floor'] as const).map((k) => [k === 'overview' ? 'fleetOverview (the page’s whole read)' : k === 'baseline' ? 'baseline: one query, aliases + 2 h traffic' : 'floor: SELECT 1', fmt(p50(k), 2), fmt(p95(k), 2), fmt(p50(k) / p50('baseline'), 2)]),
  );
  console.log(
    JSON.stringify({
      models: N.models,
      aliases: counts.aliases,
      service_rollups: counts.rollups,
      alerts: counts.alerts,
      jobs: N.jobs + 5,
      audit_events: N.audit,
      iterations: N.iterations,
      overview_ms_p50: round(p50('overview'), 2),
      overview_ms_p95: round(p95('overview'), 2),
      baseline_ms_p50: round(p50('baseline'), 2),
      baseline_ms_p95: round(p95('baseline'), 2),
      floor_ms_p50: round(p50('floor'), 2),
      ratio_p50: round(p50('overview') / p50('baseline'), 2),
    }),
  );
} catch (e) {
  process.stderr.write(`bench:overview: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  exitCode = 1;
} finally {
  const { pool } = await import('@/server/db/client');
  await pool().end().catch(() => {});
  await stack.stop();
}
process.exit(exitCode);
