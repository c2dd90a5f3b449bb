// Hourly feature rollups: a report that reads whole hours from feature_rollups_hourly and only
// the window's partial hours from the per-minute rollups must equal, exactly, the sum of every
// minute row of the window — for windows with ragged edges, a window inside one hour, whole
// hours, and after late rows are re-rolled into an hour that was already summed.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db, pool } from '@/server/db/client';
import { datasets, datasetVersions, featureRollups, featureRollupsHourly, models, modelVersions, referenceProfiles } from '@/server/db/schema';
import { emptyCounts, mergeCounts, type FeatureCounts } from '@/server/ml/monitoring/binning';
import { ONLINE_ROUTES } from '@/server/ml/monitoring/model-state';
import { featureWindow } from '@/server/ml/monitoring/window';
import { copyRecords } from '@/server/serving/log-shipper';
import type { PredictionRecord } from '@/server/serving/prediction-record';
import { loadReference } from '@/server/services/monitoring/reference-profile';
import { rollupModel } from '@/server/services/monitoring/rollup';
import { featureWindows, type WindowSpec } from '@/server/services/monitoring/window-report';
import { INPUTS, buildReference, predictionInputs, rng, signature } from '../../bench/lib/drift-data';
import { rawFeatureWindows } from '../../bench/lib/drift-raw';

const MINUTE = 60_000;
const HOUR = 3_600_000;

async function setupVersion() {
  const tag = crypto.randomUUID().slice(0, 8);
  const [model] = await db().insert(models).values({ name: `hourly-${tag}`, description: 'hourly rollups test' }).returning();
  const [ds] = await db().insert(datasets).values({ name: `hourly-${tag}` }).returning();
  const [dv] = await db().insert(datasetVersions).values({ datasetId: ds.id, sha256: crypto.randomBytes(32).toString('hex'), byteSize: 0, rowCount: 2000, schema: [], profileStatus: 'ready' }).returning();
  const [mv] = await db().insert(modelVersions).values({ modelId: model.id, version: 1, source: 'upload', artifactSha256: '0'.repeat(64), artifactSize: 0, signature: signature() }).returning();
  const reference = buildReference(2000, 3);
  await db().insert(referenceProfiles).values({ versionId: mv.id, datasetVersionId: dv.id, rows: 2000, features: reference.features, score: reference.score });
  return { modelId: model.id, versionId: mv.id };
}

async function logPredictions(modelId: string, versionId: string, times: number[], seed: number, route: PredictionRecord['route'] = 'production') {
  const r = rng(seed);
  const records: PredictionRecord[] = times.map((ts) => {
    const { inputs, score } = predictionInputs(r, r() < 0.3);
    return { id: crypto.randomUUID(), ts: new Date(ts).toISOString(), model_id: modelId, version_id: versionId, route, inputs, outputs: { score, label: score >= 0.5 ? 1 : 0 }, latency_ms: 5, request_key: null, context: null };
  });
  const client = await pool().connect();
  try {
    expect(await copyRecords(client, records)).toBe(records.length);
  } finally {
    client.release();
  }
}

/** The reference result: every minute row of the window summed, as before hourly rollups. */
async function fromMinutesOnly(versionId: string, w: WindowSpec) {
  const ref = (await loadReference(versionId))!;
  const rows = await db()
    .select()
    .from(featureRollups)
    .where(and(eq(featureRollups.versionId, versionId), gte(featureRollups.minute, w.start), lt(featureRollups.minute, w.end), inArray(featureRollups.route, w.routes ?? [...ONLINE_ROUTES])));
  const counts = new Map<string, FeatureCounts>(ref.features.map((f) => [f.name, emptyCounts(f)]));
  for (const r of rows) {
    const c = counts.get(r.feature);
    if (c) mergeCounts(c, { n: r.n, missing: r.missing, outOfRange: r.outOfRange, unseen: r.unseen, counts: r.counts });
  }
  return { features: ref.features.map((f) => featureWindow(f, counts.get(f.name)!, w.minRows)), counts, minuteRows: rows.length };
}

/** Hour rows that differ from the sum of their minute rows, summed here (none when the hourly table is right). */
async function hourMismatches(versionId: string) {
  const want = new Map<string, { n: number; missing: number; outOfRange: number; unseen: number; counts: number[] }>();
  for (const r of await db().select().from(featureRollups).where(eq(featureRollups.versionId, versionId))) {
    const key = `${r.route}|${Math.floor(r.minute.getTime() / HOUR) * HOUR}|${r.feature}`;
    const w = want.get(key) ?? { n: 0, missing: 0, outOfRange: 0, unseen: 0, counts: [] };
    w.n += r.n;
    w.missing += r.missing;
    w.outOfRange += r.outOfRange;
    w.unseen += r.unseen;
    r.counts.forEach((c, i) => (w.counts[i] = (w.counts[i] ?? 0) + c));
    want.set(key, w);
  }
  const got = new Map(
    (await db().select().from(featureRollupsHourly).where(eq(featureRollupsHourly.versionId, versionId))).map((r) => [`${r.route}|${r.hour.getTime()}|${r.feature}`, { n: r.n, missing: r.missing, outOfRange: r.outOfRange, unseen: r.unseen, counts: r.counts }]),
  );
  expect(want.size).toBeGreaterThan(0);
  return [...new Set([...want.keys(), ...got.keys()])].filter((k) => JSON.stringify(want.get(k)) !== JSON.stringify(got.get(k)));
}

describe('hourly feature rollups', () => {
  it('whole hours from the hourly table plus minute edges equal the minute rows, for any window, late rows included', async () => {
    const { modelId, versionId } = await setupVersion();
    // Four hours of traffic ending two minutes ago, at random seconds; a few canary rows too.
    const end = Math.floor(Date.now() / MINUTE) * MINUTE - 2 * MINUTE;
    const start = end - 4 * HOUR;
    const r = rng(11);
    await logPredictions(modelId, versionId, Array.from({ length: 1500 }, () => start + Math.floor(r() * (end - start))), 12);
    await logPredictions(modelId, versionId, Array.from({ length: 100 }, () => start + Math.floor(r() * (end - start))), 13, 'canary');
    const first = await rollupModel(modelId);
    expect(first.rows).toBe(1600);

    expect(await hourMismatches(versionId)).toEqual([]);
    const [{ hours }] = (await pool().query(`SELECT count(DISTINCT hour)::int AS hours FROM feature_rollups_hourly WHERE version_id = $1`, [versionId])).rows;
    expect(hours).toBeGreaterThanOrEqual(4);

    const h0 = Math.ceil(start / HOUR) * HOUR; // the first whole hour of the log
    const windows: [string, WindowSpec][] = [
      ['the whole log', { start: new Date(start), end: new Date(end), minRows: 10 }],
      ['ragged edges, not minute-aligned', { start: new Date(start + 17 * MINUTE + 13_000), end: new Date(end - 9 * MINUTE - 41_000), minRows: 10 }],
      ['inside one hour', { start: new Date(h0 + 5 * MINUTE), end: new Date(h0 + 50 * MINUTE), minRows: 1 }],
      ['exactly one hour', { start: new Date(h0), end: new Date(h0 + HOUR), minRows: 1 }],
      ['whole hours only', { start: new Date(h0), end: new Date(h0 + 2 * HOUR), minRows: 1 }],
      ['one minute short of an hour at each end', { start: new Date(h0 + MINUTE), end: new Date(h0 + 2 * HOUR - MINUTE), minRows: 1 }],
      ['production only', { start: new Date(start + 30 * MINUTE), end: new Date(end), minRows: 10, routes: ['production'] }],
    ];
    const check = async () => {
      for (const [name, w] of windows) {
        const got = await featureWindows(db(), versionId, w);
        const want = await fromMinutesOnly(versionId, w);
        expect(want.minuteRows, name).toBeGreaterThan(0);
        expect({ features: got!.features, counts: got!.counts }, name).toStrictEqual({ features: want.features, counts: want.counts });
      }
    };
    await check();
    // And against the raw log, independently of any rollup (rollups count whole minutes, so a
    // minute-aligned window with ragged hours).
    const aligned = { start: new Date(start + 17 * MINUTE), end: new Date(end - 9 * MINUTE), minRows: 10 };
    const raw = await rawFeatureWindows(pool(), versionId, aligned);
    expect((await featureWindows(db(), versionId, aligned))!.features).toStrictEqual(raw.features);

    // Late rows into an hour already summed: the pass re-rolls their minutes and re-sums the hour.
    const [before] = (await pool().query(`SELECT n FROM feature_rollups_hourly WHERE version_id = $1 AND hour = $2 AND route = 'production' AND feature = $3`, [versionId, new Date(h0), INPUTS[0].name])).rows;
    await logPredictions(modelId, versionId, Array.from({ length: 120 }, (_, i) => h0 + 20 * MINUTE + i * 7_000), 14);
    const late = await rollupModel(modelId);
    expect(late.rows).toBeGreaterThanOrEqual(120);
    const [after] = (await pool().query(`SELECT n FROM feature_rollups_hourly WHERE version_id = $1 AND hour = $2 AND route = 'production' AND feature = $3`, [versionId, new Date(h0), INPUTS[0].name])).rows;
    expect(after.n).toBe(before.n + 120);
    expect(await hourMismatches(versionId)).toEqual([]);
    await check();
    const rawAfter = await rawFeatureWindows(pool(), versionId, windows[0][1]);
    expect(rawAfter.rows).toBe(1720);
    expect((await featureWindows(db(), versionId, windows[0][1]))!.features).toStrictEqual(rawAfter.features);

    // Idempotent: a re-roll of everything from nothing gives the same hour rows.
    const snapshot = (await pool().query(`SELECT route, hour, feature, n, missing, out_of_range, unseen, counts FROM feature_rollups_hourly WHERE version_id = $1 ORDER BY 1, 2, 3`, [versionId])).rows;
    await db().execute(sql`DELETE FROM monitor_watermarks WHERE model_id = ${modelId}`);
    await rollupModel(modelId, { pageRows: 97 });
    expect((await pool().query(`SELECT route, hour, feature, n, missing, out_of_range, unseen, counts FROM feature_rollups_hourly WHERE version_id = $1 ORDER BY 1, 2, 3`, [versionId])).rows).toEqual(snapshot);

    // The migration's backfill (for rollups made before hourly sums existed) gives the same rows.
    const migration = fs.readFileSync(path.resolve(import.meta.dirname, '../../server/db/migrations/0026_hourly_rollups.sql'), 'utf8');
    const backfill = migration.split('--> statement-breakpoint').map((x) => x.trim()).find((x) => x.includes('INSERT INTO "feature_rollups_hourly"'));
    expect(backfill).toBeDefined();
    await pool().query(`DELETE FROM feature_rollups_hourly WHERE version_id = $1`, [versionId]);
    await pool().query(backfill!); // ON CONFLICT DO NOTHING: other versions' rows are left as they are
    expect((await pool().query(`SELECT route, hour, feature, n, missing, out_of_range, unseen, counts FROM feature_rollups_hourly WHERE version_id = $1 ORDER BY 1, 2, 3`, [versionId])).rows).toEqual(snapshot);
  }, 120_000);
});
