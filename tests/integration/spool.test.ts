// The prediction spool: records acknowledged while Postgres is unreachable wait on disk and
// are shipped, in order and exactly once, when it returns (including after a restart).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createPool, db } from '@/server/db/client';
import { modelVersions } from '@/server/db/schema';
import { LogShipper } from '@/server/serving/log-shipper';
import type { PredictionRecord } from '@/server/serving/prediction-record';
import { Spool } from '@/server/serving/spool';
import { servedModel } from './helpers/serving';
import { eq } from 'drizzle-orm';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function record(modelId: string, versionId: string, i: number): PredictionRecord {
  return {
    id: crypto.randomUUID(),
    ts: new Date().toISOString(),
    model_id: modelId,
    version_id: versionId,
    route: 'production',
    inputs: { x1: i, note: 'quote " and, comma' },
    outputs: { score: 0.5, label: 1 },
    latency_ms: 1,
    request_key: i % 2 ? `k${i}` : null,
    context: i % 3 ? null : { gender: 'F' },
  };
}

async function countOf(ids: string[]) {
  const r = await db().execute(sql`SELECT count(*)::int AS n FROM predictions WHERE id = ANY(${`{${ids.join(',')}}`}::uuid[])`);
  return r.rows[0].n as number;
}

describe('prediction spool and shipper', () => {
  it('keeps acknowledged records while Postgres is down and replays them when it returns, exactly once', async () => {
    const m = await servedModel(1);
    const [v] = await db().select().from(modelVersions).where(eq(modelVersions.artifactSha256, (await db().select().from(modelVersions)).at(-1)!.artifactSha256));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-'));
    dirs.push(dir);
    const spool = await Spool.open(dir, { rotateMs: 50, segmentBytes: 1024, fsync: true });
    // A pool pointing at a port where nothing listens: every ship attempt fails.
    const down = createPool('postgres://postgres@127.0.0.1:1/none', 1);
    const shipperDown = new LogShipper(spool, down, 20);
    const records = Array.from({ length: 120 }, (_, i) => record(v.modelId, v.id, i));
    for (let i = 0; i < records.length; i += 10) await spool.append(records.slice(i, i + 10));
    await shipperDown.drain();
    expect(shipperDown.lastError).toBeTruthy();
    expect((await spool.closedSegments()).length).toBeGreaterThan(1); // 1 KiB segments rotated
    expect(await countOf(records.map((r) => r.id))).toBe(0);
    await spool.close();
    await down.end();

    // "Restart": a new spool on the same folder and a shipper with a working pool.
    const spool2 = await Spool.open(dir, { rotateMs: 50, segmentBytes: 1 << 20, fsync: true });
    const up = createPool(process.env.DATABASE_URL!, 2);
    const shipper = new LogShipper(spool2, up, 20);
    await shipper.drain();
    expect(await countOf(records.map((r) => r.id))).toBe(120);
    const row = (await db().execute(sql`SELECT inputs, context, request_key FROM predictions WHERE id = ${records[3].id}`)).rows[0];
    expect(row).toEqual({ inputs: records[3].inputs, context: records[3].context, request_key: 'k3' });
    expect(await spool2.closedSegments()).toEqual([]);
    await spool2.close();
    await up.end();
    void m;
  });

  it('a segment shipped twice (crash between insert and delete) does not duplicate rows', async () => {
    await servedModel(1);
    const v = (await db().select().from(modelVersions)).at(-1)!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-'));
    dirs.push(dir);
    const spool = await Spool.open(dir, { rotateMs: 10_000, segmentBytes: 1 << 20, fsync: true });
    const records = Array.from({ length: 5 }, (_, i) => record(v.modelId, v.id, i));
    await spool.append(records);
    await spool.sealActive();
    const [seg] = await spool.closedSegments();
    const copy = fs.readFileSync(seg.file);
    const pool = createPool(process.env.DATABASE_URL!, 1);
    await new LogShipper(spool, pool, 10).drain();
    fs.writeFileSync(seg.file, copy); // the segment comes back, as if never deleted
    await new LogShipper(spool, pool, 10).drain();
    expect(await countOf(records.map((r) => r.id))).toBe(5);
    await spool.close();
    await pool.end();
  });

  it('skips a torn last line (a write cut by a crash was never acknowledged)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-'));
    dirs.push(dir);
    const { readSegment } = await import('@/server/serving/spool');
    const f = path.join(dir, '000000000001.jsonl');
    fs.writeFileSync(f, '{"a":1}\n{"a":2}\n{"a":');
    expect(await readSegment(f)).toEqual([{ a: 1 }, { a: 2 }]);
    fs.writeFileSync(f, '{"a":1}\n{"a":\n{"a":3}\n');
    await expect(readSegment(f)).rejects.toThrow(/corrupt record on line 2/);
  });
});
