// Prediction log retention: the daily maintenance job drops the day partitions older than
// VIGIL_PREDICTIONS_RETENTION_DAYS (30 here, the default) and keeps the rollups of those days.
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db, pool } from '@/server/db/client';
import { serviceRollups } from '@/server/db/schema';
import { maintenanceProcessor } from '@/server/queue/processors/maintenance';
import { copyRecords } from '@/server/serving/log-shipper';
import { firstKeptDay } from '@/server/services/maintenance/prediction-retention';
import { rollupModel } from '@/server/services/monitoring/rollup';
import { callerAs, makeUser } from './helpers/factories';
import { modelAndVersion } from './helpers/predictions';
import { servedModel } from './helpers/serving';

const DAY = 86_400_000;
const dayStart = (daysAgo: number) => new Date(Math.floor(Date.now() / DAY) * DAY - daysAgo * DAY);
const partName = (d: Date) => `predictions_${d.toISOString().slice(0, 10).replace(/-/g, '')}`;

async function ensurePartition(d: Date) {
  // As the app role does: through the owner's partition function (days back from today, none ahead).
  const daysBack = Math.round((dayStart(0).getTime() - d.getTime()) / DAY);
  await pool().query('SELECT vigil_ensure_prediction_partitions($1, 0)', [daysBack]);
}

describe('prediction log retention', () => {
  it('drops whole days past the retention and keeps their rollups', async () => {
    expect(firstKeptDay(new Date('2026-03-31T23:59:00Z'), 30)).toBe('2026-03-01');
    const m = await servedModel(1);
    const { modelId, versionId } = await modelAndVersion(m.name);
    const old = dayStart(40);
    const kept = dayStart(29);
    await ensurePartition(old);
    await ensurePartition(kept);
    const ids = { old: crypto.randomUUID(), kept: crypto.randomUUID() };
    const client = await pool().connect();
    try {
      for (const [k, d] of [['old', old], ['kept', kept]] as const) {
        await copyRecords(client, [{ id: ids[k], ts: new Date(d.getTime() + 3600_000).toISOString(), model_id: modelId, version_id: versionId, route: 'production', inputs: { x1: 1, x2: 1, region: 'north' }, outputs: { score: 0.4, label: 0 }, latency_ms: 2, request_key: null, context: null }]);
      }
    } finally {
      client.release();
    }
    await rollupModel(modelId);
    expect(await db().select().from(serviceRollups).where(eq(serviceRollups.modelId, modelId))).toHaveLength(2);

    const out = (await maintenanceProcessor.process({} as never, undefined as never)) as { partitionsDropped: string[] };
    expect(out.partitionsDropped).toContain(partName(old));
    expect(out.partitionsDropped).not.toContain(partName(kept));
    const left = await pool().query('SELECT id FROM predictions WHERE id = ANY($1::uuid[])', [[ids.old, ids.kept]]);
    expect(left.rows.map((r: { id: string }) => r.id)).toEqual([ids.kept]);
    // The monitoring history of the dropped day is still there.
    expect(await db().select().from(serviceRollups).where(eq(serviceRollups.modelId, modelId))).toHaveLength(2);

    const status = await callerAs(await makeUser('viewer')).monitoring.retention();
    expect(status.retentionDays).toBe(30);
    expect(status.partitions.map((p) => p.name)).toContain(partName(kept));
    expect(status.partitions.every((p) => p.day >= status.firstKeptDay)).toBe(true);
    // The app role drops partitions only through the owner's function, and never a recent day or another table.
    await expect(pool().query('SELECT vigil_drop_prediction_partition($1)', [partName(dayStart(0))])).rejects.toThrow(/refusing to drop/);
    await expect(pool().query('SELECT vigil_drop_prediction_partition($1)', ['audit_events'])).rejects.toThrow(/not a daily prediction-log partition/);
    // Run again: nothing left to drop.
    expect(((await maintenanceProcessor.process({} as never, undefined as never)) as { partitionsDropped: string[] }).partitionsDropped).toEqual([]);
  });

  it('also deletes expired rows of the default partition (days that had no partition), keeping recent ones', async () => {
    const m = await servedModel(1);
    const { modelId, versionId } = await modelAndVersion(m.name);
    // No partition exists 60 days back or 20 days ahead: both rows land in predictions_default.
    const rows = { old: { id: crypto.randomUUID(), ts: new Date(dayStart(60).getTime() + 3600_000) }, ahead: { id: crypto.randomUUID(), ts: new Date(dayStart(-20).getTime() + 3600_000) } };
    const client = await pool().connect();
    try {
      for (const r of Object.values(rows)) {
        await copyRecords(client, [{ id: r.id, ts: r.ts.toISOString(), model_id: modelId, version_id: versionId, route: 'production', inputs: { x1: 1, x2: 1, region: 'north' }, outputs: { score: 0.4, label: 0 }, latency_ms: 2, request_key: null, context: null }]);
      }
    } finally {
      client.release();
    }
    const where = async () => (await pool().query<{ id: string; part: string }>('SELECT id, tableoid::regclass::text AS part FROM predictions WHERE id = ANY($1::uuid[]) ORDER BY ts', [[rows.old.id, rows.ahead.id]])).rows;
    expect(await where()).toEqual([
      { id: rows.old.id, part: 'predictions_default' },
      { id: rows.ahead.id, part: 'predictions_default' },
    ]);
    const out = (await maintenanceProcessor.process({} as never, undefined as never)) as { defaultRowsPurged: number };
    expect(out.defaultRowsPurged).toBeGreaterThanOrEqual(1);
    expect(await where()).toEqual([{ id: rows.ahead.id, part: 'predictions_default' }]);
    // The app role cannot use the function to empty recent days.
    await expect(pool().query('SELECT vigil_purge_default_predictions($1::date)', [new Date().toISOString().slice(0, 10)])).rejects.toThrow(/refusing to purge/);
    await pool().query('DELETE FROM predictions WHERE id = $1', [rows.ahead.id]).catch(() => undefined);
  });
});
