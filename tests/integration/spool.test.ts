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
    const { readSegmentLines } = await import('@/server/serving/spool');
    fs.writeFileSync(f, '{"a":1}\n{"a":2}\n{"a":');
    expect(await readSegmentLines(f)).toMatchObject({ lines: ['{"a":1}', '{"a":2}'], tornTail: true });
  });
});

describe('prediction spool under faults (issue 10)', () => {
  async function model() {
    await servedModel(1);
    return (await db().select().from(modelVersions)).at(-1)!;
  }

  it('rotation racing the flush loop and the shipper loses no acknowledged record (open() delayed 5 ms)', async () => {
    const { vi } = await import('vitest');
    const fsp = (await import('node:fs/promises')).default;
    const realOpen = fsp.open.bind(fsp);
    const spy = vi.spyOn(fsp, 'open').mockImplementation(async (...a: Parameters<typeof fsp.open>) => {
      await new Promise((r) => setTimeout(r, 5));
      return realOpen(...a);
    });
    try {
      const v = await model();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-'));
      dirs.push(dir);
      const spool = await Spool.open(dir, { rotateMs: 2, segmentBytes: 2048, fsync: true });
      const pool = createPool(process.env.DATABASE_URL!, 2);
      const shipper = new LogShipper(spool, pool, 1);
      shipper.start();
      const acked: string[] = [];
      await Promise.all(
        Array.from({ length: 40 }, async (_, w) => {
          for (let i = 0; i < 15; i++) {
            const rs = [record(v.modelId, v.id, w * 100 + i), record(v.modelId, v.id, w * 100 + i)];
            await spool.append(rs);
            acked.push(...rs.map((r) => r.id));
            if (i % 5 === 0) await spool.sealActive();
          }
        }),
      );
      await shipper.drain();
      shipper.stop();
      expect(await countOf(acked)).toBe(acked.length);
      await spool.close();
      await pool.end();
    } finally {
      spy.mockRestore();
    }
  });

  it('a segment is listed as closed only when no write can still target it (the shipper never deletes under a late write)', async () => {
    const { vi } = await import('vitest');
    const fsp = (await import('node:fs/promises')).default;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-'));
    dirs.push(dir);
    const spool = await Spool.open(dir, { rotateMs: 60_000, segmentBytes: 1 << 20, fsync: false });
    await spool.append([{ n: 1 }]);
    // Slow opens and slow writes, as under fsync load.
    const realOpen = fsp.open.bind(fsp);
    const openSpy = vi.spyOn(fsp, 'open').mockImplementation(async (...a: Parameters<typeof fsp.open>) => {
      await new Promise((r) => setTimeout(r, 30));
      return realOpen(...a);
    });
    const probe = await realOpen(path.join(dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { write: (...a: unknown[]) => Promise<unknown> };
    await probe.close();
    fs.rmSync(path.join(dir, 'probe'));
    const realWrite = proto.write;
    const writeSpy = vi.spyOn(proto, 'write').mockImplementation(async function (this: unknown, ...a: unknown[]) {
      await new Promise((r) => setTimeout(r, 20));
      return realWrite.apply(this, a);
    });
    try {
      const seal = spool.sealActive();
      await new Promise((r) => setImmediate(r));
      const late = spool.append([{ n: 2 }]);
      // What the shipper does: list closed segments, read them, delete them.
      const shippedText: string[] = [];
      for (const seg of await spool.closedSegments()) {
        shippedText.push(fs.readFileSync(seg.file, 'utf8'));
        fs.rmSync(seg.file);
      }
      await Promise.all([seal, late]);
      await spool.sealActive();
      const remaining = (await spool.closedSegments()).map((s) => fs.readFileSync(s.file, 'utf8'));
      const everything = [...shippedText, ...remaining].join('');
      expect(everything).toContain('{"n":1}');
      expect(everything).toContain('{"n":2}'); // acknowledged, so it must be shipped or still on disk
    } finally {
      openSpy.mockRestore();
      writeSpy.mockRestore();
    }
    await spool.close();
  });

  it('quarantines records Postgres refuses (NUL, lone surrogate, corrupt line) and ships the rest in order', async () => {
    const v = await model();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-'));
    dirs.push(dir);
    const good = Array.from({ length: 6 }, (_, i) => record(v.modelId, v.id, i));
    const nul = { ...record(v.modelId, v.id, 7), request_key: 'a\u0000b' };
    const lone = { ...record(v.modelId, v.id, 8), context: { who: '\ud800' } };
    const sep = { ...record(v.modelId, v.id, 9), context: { note: 'line\u2028separator\u2029' } };
    const lines = [good[0], nul, good[1], good[2], lone, good[3], sep].map((r) => JSON.stringify(r));
    lines.splice(4, 0, '{"id": "torn'); // a corrupt line in the middle
    fs.writeFileSync(path.join(dir, '000000000001.jsonl'), lines.join('\n') + '\n' + JSON.stringify(good[4]) + '\n');
    fs.writeFileSync(path.join(dir, '000000000002.jsonl'), JSON.stringify(good[5]) + '\n{"half": ');
    const spool = await Spool.open(dir, { rotateMs: 10_000, segmentBytes: 1 << 20, fsync: true });
    const pool = createPool(process.env.DATABASE_URL!, 1);
    const instance = `q-${crypto.randomUUID()}`;
    const shipper = new LogShipper(spool, pool, 10, {}, instance);
    await shipper.drain();
    expect(await countOf([...good, sep].map((r) => r.id))).toBe(7);
    expect(shipper.quarantined).toBe(3);
    expect(await spool.closedSegments()).toEqual([]);
    const mine = (await db().execute(sql`SELECT segment, line, record_id, model_id, reason FROM prediction_quarantine WHERE instance = ${instance} ORDER BY line`)).rows;
    expect(mine.map((r) => [r.segment, r.line, r.record_id])).toEqual([
      ['000000000001.jsonl', 2, nul.id],
      ['000000000001.jsonl', 5, null],
      ['000000000001.jsonl', 6, lone.id],
    ]);
    expect(mine.find((r) => r.record_id === nul.id)).toMatchObject({ model_id: v.modelId, reason: expect.stringMatching(/unicode|0000/i) });
    expect(mine.find((r) => r.record_id === null)?.reason).toMatch(/torn or corrupt/);
    await spool.close();
    await pool.end();
  });

  it('a failed write (disk full) is cut back: nothing of it is acknowledged, no torn line is left, the next write works', async () => {
    const { vi } = await import('vitest');
    const v = await model();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-'));
    dirs.push(dir);
    const spool = await Spool.open(dir, { rotateMs: 60_000, segmentBytes: 1 << 20, fsync: true });
    const first = [record(v.modelId, v.id, 1)];
    await spool.append(first);
    const probe = await (await import('node:fs/promises')).default.open(path.join(dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { write: (...a: unknown[]) => Promise<{ bytesWritten: number }> };
    await probe.close();
    const realWrite = proto.write;
    let calls = 0;
    const spy = vi.spyOn(proto, 'write').mockImplementation(async function (this: unknown, ...a: unknown[]) {
      calls++;
      if (calls === 1) {
        // Half the buffer lands, then the disk is full.
        const buf = a[0] as Buffer;
        await realWrite.call(this, buf, 0, Math.floor(buf.length / 2));
        return { bytesWritten: Math.floor(buf.length / 2) };
      }
      if (calls === 2) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      return realWrite.apply(this, a);
    });
    const { SpoolWriteError } = await import('@/server/serving/spool');
    try {
      await expect(spool.append([record(v.modelId, v.id, 2), record(v.modelId, v.id, 3)])).rejects.toBeInstanceOf(SpoolWriteError);
    } finally {
      spy.mockRestore();
    }
    const after = [record(v.modelId, v.id, 4)];
    await spool.append(after);
    await spool.sealActive();
    const { readSegment } = await import('@/server/serving/spool');
    const segs = await spool.closedSegments();
    const all = (await Promise.all(segs.map((s) => readSegment(s.file)))).flat() as { id: string }[];
    expect(all.map((r) => r.id)).toEqual([first[0].id, after[0].id]);
    await spool.close();
  });

  it('a torn write that can be neither cut back nor left behind is ended by the next write, whose records stay intact', async () => {
    const { vi } = await import('vitest');
    const fsp = (await import('node:fs/promises')).default;
    const v = await model();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-'));
    dirs.push(dir);
    const spool = await Spool.open(dir, { rotateMs: 60_000, segmentBytes: 1 << 20, fsync: false });
    const first = [record(v.modelId, v.id, 1)];
    await spool.append(first);
    const probe = await fsp.open(path.join(dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { write: (...a: unknown[]) => Promise<{ bytesWritten: number }>; truncate: () => Promise<void> };
    await probe.close();
    fs.rmSync(path.join(dir, 'probe'));
    const realWrite = proto.write;
    let writes = 0;
    const writeSpy = vi.spyOn(proto, 'write').mockImplementation(async function (this: unknown, ...a: unknown[]) {
      if (++writes === 1) {
        const buf = a[0] as Buffer;
        await realWrite.call(this, buf, 0, 40);
        throw Object.assign(new Error('EIO'), { code: 'EIO' });
      }
      return realWrite.apply(this, a);
    });
    const truncSpy = vi.spyOn(proto, 'truncate').mockRejectedValue(Object.assign(new Error('EIO'), { code: 'EIO' }));
    const openSpy = vi.spyOn(fsp, 'open').mockRejectedValueOnce(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' }));
    try {
      await expect(spool.append([record(v.modelId, v.id, 2)])).rejects.toThrow(/could not be written/);
    } finally {
      writeSpy.mockRestore();
      truncSpy.mockRestore();
      openSpy.mockRestore();
    }
    const after = [record(v.modelId, v.id, 3)];
    await spool.append(after);
    await spool.sealActive();
    const pool = createPool(process.env.DATABASE_URL!, 1);
    const instance = `t-${crypto.randomUUID()}`;
    const shipper = new LogShipper(spool, pool, 10, {}, instance);
    await shipper.drain();
    expect(await countOf([first[0].id, after[0].id])).toBe(2);
    expect(shipper.quarantined).toBe(1); // the 40-byte fragment, alone on its line
    const q = (await db().execute(sql`SELECT line, reason FROM prediction_quarantine WHERE instance = ${instance}`)).rows;
    expect(q).toEqual([{ line: 2, reason: expect.stringMatching(/torn or corrupt/) }]);
    await spool.close();
    await pool.end();
  });

  it('refuses records above maxBytes with SpoolFullError and takes them again once shipped', async () => {
    const v = await model();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-'));
    dirs.push(dir);
    const spool = await Spool.open(dir, { rotateMs: 60_000, segmentBytes: 1 << 20, fsync: false, maxBytes: 4000 });
    const { SpoolFullError } = await import('@/server/serving/spool');
    let taken = 0;
    for (;;) {
      try {
        await spool.append([record(v.modelId, v.id, taken)]);
        taken++;
      } catch (e) {
        expect(e).toBeInstanceOf(SpoolFullError);
        break;
      }
    }
    expect(taken).toBeGreaterThan(5);
    expect(spool.bytesOnDisk()).toBeLessThanOrEqual(4000);
    const pool = createPool(process.env.DATABASE_URL!, 1);
    await new LogShipper(spool, pool, 10).drain();
    expect(spool.bytesOnDisk()).toBe(0);
    await spool.append([record(v.modelId, v.id, 1)]);
    await spool.close();
    await pool.end();
  });
});
