// Late data is counted: predictions acknowledged by a real serving process while its Postgres
// is unreachable reach the log only when the spool is replayed, minutes after the monitoring
// pass has moved past their prediction time. The rollups must still count them, so the window
// report from rollups equals the one computed from the raw rows.
//
// The outage is made with a TCP proxy between the serving process and Postgres: cutting it
// drops every open connection and refuses new ones, which is what the serving process sees when
// Postgres stops (the shared test Postgres cannot be stopped under other tests).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { db, pool } from '@/server/db/client';
import { datasets, datasetVersions, models, modelVersions, referenceProfiles, serviceRollups } from '@/server/db/schema';
import { buildTable } from '@/server/ml/data/table';
import { parseCsv } from '@/server/ml/data/csv';
import { profileTable } from '@/server/ml/data/profile';
import { featureReference, scoreReference } from '@/server/ml/monitoring/reference';
import { latencyBucket, LATENCY_BOUNDS_MS } from '@/server/ml/monitoring/latency';
import { SCORE_BINS, scoreBin } from '@/server/ml/monitoring/score-bins';
import { rollupModel } from '@/server/services/monitoring/rollup';
import { runMonitor } from '@/server/services/monitoring/run-monitor';
import { windowReport, serviceFigures } from '@/server/services/monitoring/window-report';
import { rawFeatureWindows } from '../../bench/lib/drift-raw';
import { spawnService, type ChildService } from '../../bench/lib/process';
import { freePort } from '../../scripts/lib/services';
import { learnableCsv } from './helpers/csv';
import { tcpProxy } from './helpers/tcp-proxy';
import { servedModel } from './helpers/serving';
import { waitFor } from './helpers/wait';

let serve: ChildService | null = null;
let proxy: Awaited<ReturnType<typeof tcpProxy>> | null = null;
const spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'late-rows-'));
afterAll(async () => {
  await serve?.stop();
  await proxy?.close();
  fs.rmSync(spoolDir, { recursive: true, force: true });
});

/** Gives an uploaded version a reference profile built from its training data (as for a trained run). */
async function attachReference(versionId: string) {
  const { header, rows } = parseCsv(learnableCsv(300, 1));
  const table = buildTable(header, rows);
  const profiles = profileTable(table);
  const features = table.columns.filter((c) => c.name !== 'y').map((c) => featureReference(profiles.find((p) => p.name === c.name)!, c.values));
  const [ds] = await db().insert(datasets).values({ name: `late-rows-${versionId}` }).returning();
  const [dv] = await db().insert(datasetVersions).values({ datasetId: ds.id, sha256: versionId.replace(/-/g, '').padEnd(64, '0'), byteSize: 0, rowCount: 300, schema: [], profileStatus: 'ready' }).returning();
  await db().insert(referenceProfiles).values({ versionId, datasetVersionId: dv.id, rows: 300, features, score: scoreReference(Array.from({ length: 300 }, (_, i) => i / 300)) });
}

describe('late rows after a Postgres outage', () => {
  it('counts predictions replayed from the spool after the pass moved on: rollups equal the raw rows', async () => {
    const m = await servedModel(1);
    const [model] = await db().select().from(models).where(eq(models.name, m.name));
    const [v] = await db().select().from(modelVersions).where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.version, 1)));
    await attachReference(v.id);
    const t0 = Date.now();

    const dbUrl = new URL(process.env.DATABASE_URL!);
    proxy = await tcpProxy(dbUrl);
    const viaProxy = new URL(dbUrl);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const port = await freePort();
    serve = await spawnService({
      command: process.execPath,
      args: ['--import', 'tsx', 'workers/serve.ts'],
      cwd: path.resolve(import.meta.dirname, '..', '..'),
      env: { ...(process.env as Record<string, string>), DATABASE_URL: viaProxy.toString(), VIGIL_SERVE_PORT: String(port), VIGIL_SERVE_INSTANCE: 'late-rows', VIGIL_SPOOL_DIR: spoolDir, VIGIL_SPOOL_ROTATE_MS: '50' },
      logFile: path.join(spoolDir, 'serve.log'),
      readyUrl: `http://127.0.0.1:${port}/v2/health/ready`,
    });

    const rowsOf = (n: number, seed: number, shift: number) =>
      parseCsv(learnableCsv(n, seed)).rows.map((c) => ({ x1: Number(c[0]) + shift, x2: c[1] === null || c[1] === '' ? null : Number(c[1]) + shift, region: c[2] }));
    const predict = async (rows: unknown[]) => {
      const res = await fetch(`http://127.0.0.1:${port}/v1/models/${m.name}/predict`, { method: 'POST', headers: { authorization: `Bearer ${m.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ rows }) });
      expect(res.status).toBe(200);
      return ((await res.json()) as { predictions: { prediction_id: string }[] }).predictions.map((p) => p.prediction_id);
    };
    const logged = async (ids: string[]) => Number((await pool().query('SELECT count(*) AS n FROM predictions WHERE id = ANY($1::uuid[])', [ids])).rows[0].n);

    // Before the outage: traffic reaches the log, and a pass rolls it up.
    const before = await predict(rowsOf(200, 7, 0));
    await waitFor(() => logged(before), (n) => n === before.length, 20_000, 'rows shipped before the outage');
    await runMonitor(Date.now() + 2 * 60_000, { models: [m.name] });

    // The outage: serving keeps acknowledging (its spool holds the records); the monitoring
    // pass runs meanwhile as if minutes had passed, so its watermark moves past these rows.
    proxy.cut();
    const during = [...(await predict(rowsOf(250, 8, 3))), ...(await predict(rowsOf(150, 9, 0)))];
    await new Promise((r) => setTimeout(r, 500));
    expect(await logged(during)).toBe(0);
    await runMonitor(Date.now() + 3 * 60_000, { models: [m.name] });

    // Postgres returns: the spool is replayed, then the next pass must count the late rows.
    proxy.restore();
    await waitFor(() => logged(during), (n) => n === during.length, 30_000, 'spool replay');
    await runMonitor(Date.now() + 4 * 60_000, { models: [m.name] });

    const window = { start: new Date(Math.floor(t0 / 60_000) * 60_000 - 60_000), end: new Date(Date.now() + 5 * 60_000), minRows: 100 };
    const report = await windowReport(db(), m.name, window);
    expect(report).not.toBeNull();

    // From the raw rows, independently of the rollups.
    const raw = await pool().query<{ score: number; latency_ms: number }>(
      `SELECT (outputs->>'score')::float8 AS score, latency_ms FROM predictions WHERE version_id = $1 AND ts >= $2 AND ts < $3 AND route = ANY($4)`,
      [v.id, window.start, window.end, ['production', 'canary']],
    );
    expect(raw.rows.length).toBe(before.length + during.length);
    expect(report!.service.predictions).toBe(raw.rows.length);
    const scoreCounts = new Array(SCORE_BINS).fill(0);
    const latency = new Array(LATENCY_BOUNDS_MS.length).fill(0);
    for (const r of raw.rows) {
      scoreCounts[scoreBin(r.score)]++;
      latency[latencyBucket(r.latency_ms)]++;
    }
    const svc = await serviceFigures(db(), model.id, m.name, [v.id], window);
    expect(svc.scoreCounts).toEqual(scoreCounts);
    const svcRows = await db().select().from(serviceRollups).where(eq(serviceRollups.versionId, v.id));
    const rolledLatency = svcRows.reduce((acc, r) => (r.latency.forEach((x, i) => (acc[i] += x)), acc), new Array(LATENCY_BOUNDS_MS.length).fill(0));
    expect(rolledLatency).toEqual(latency);

    const rawFeatures = await rawFeatureWindows(pool(), v.id, window);
    expect(rawFeatures.rows).toBe(raw.rows.length);
    expect(report!.features).toEqual(rawFeatures.features);
    // The shifted rows drifted, and the report says so from the late rows alone.
    expect(report!.features.find((f) => f.feature === 'x1')!.drifted).toBe(true);

    // Catch-up from nothing in small cursor pages (bounded memory) gives the same report.
    await db().execute(sql`DELETE FROM feature_rollups WHERE version_id = ${v.id}`);
    await db().execute(sql`DELETE FROM service_rollups WHERE version_id = ${v.id}`);
    await db().execute(sql`DELETE FROM monitor_watermarks WHERE model_id = ${model.id}`);
    const rebuilt = await rollupModel(model.id, { pageRows: 37 });
    expect(rebuilt.rows).toBe(raw.rows.length);
    const again = await windowReport(db(), m.name, window);
    expect(again!.features).toEqual(report!.features);
    expect(again!.service).toEqual(report!.service);
  }, 120_000);
});
