// Where each serving worker's spool lives (VIGIL_SERVE_WORKERS), and shipping of spools left by
// workers that no longer exist. Worker 0 keeps the single-process layout, VIGIL_SPOOL_DIR/<instance>,
// so one worker is exactly the old serving process; worker k ≥ 1 writes VIGIL_SPOOL_DIR/<instance>/w<k>
// (a folder the spool's own segment listing ignores). When the host restarts with fewer workers,
// worker 0 ships the folders of the workers that are gone (their acknowledged records), then
// removes them.
import fsp from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { logger } from '@/server/observability/logger';
import { LogShipper, type ShipperHooks } from './log-shipper';
import { Spool } from './spool';

const log = logger({ component: 'worker-spools' });

export function workerSpoolDir(base: string, instance: string, index: number): string {
  return index === 0 ? path.resolve(base, instance) : path.resolve(base, instance, `w${index}`);
}

/** The name quarantined records and load failures carry: the instance, and the worker beyond the first. */
export function workerInstanceName(instance: string, index: number): string {
  return index === 0 ? instance : `${instance}/w${index}`;
}

/** Spool folders of workers with an index ≥ `workers` (left by an earlier start with more workers). */
export async function orphanSpoolDirs(base: string, instance: string, workers: number): Promise<{ index: number; dir: string }[]> {
  const root = path.resolve(base, instance);
  const entries = await fsp.readdir(root, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && /^w\d{1,4}$/.test(e.name) && Number(e.name.slice(1)) >= workers)
    .map((e) => ({ index: Number(e.name.slice(1)), dir: path.join(root, e.name) }))
    .sort((a, b) => a.index - b.index);
}

/** Ships one orphan spool folder completely and removes it; throws (folder kept) when shipping fails. */
export async function shipOrphanSpool(dir: string, instanceName: string, pool: pg.Pool, hooks: ShipperHooks = {}): Promise<number> {
  // Nothing writes here any more; opening it as a spool gives the shipper its view of the segments.
  const spool = await Spool.open(dir, { rotateMs: 60_000, segmentBytes: 1 << 30, fsync: false });
  const shipper = new LogShipper(spool, pool, 60_000, { ...hooks, onError: undefined }, instanceName);
  try {
    await shipper.drain();
    if (shipper.lastError) throw new Error(`shipping the spool of a worker that no longer runs (${dir}) failed: ${shipper.lastError}`);
  } finally {
    await spool.close();
  }
  // Only the empty segment open() created is left; anything else means a record did not ship.
  const left = (await fsp.readdir(dir)).filter((n) => /^\d+\.jsonl$/.test(n));
  for (const n of left) {
    const st = await fsp.stat(path.join(dir, n));
    if (st.size > 0) throw new Error(`${path.join(dir, n)} still holds ${st.size} bytes after shipping`);
  }
  await fsp.rm(dir, { recursive: true, force: true });
  return shipper.shipped;
}

/**
 * Worker 0's background job: ships every orphan spool, retrying (Postgres down) every `retryMs`
 * until all are gone. Returns a stop function.
 */
export function adoptOrphanSpools(base: string, instance: string, workers: number, pool: pg.Pool, hooks: ShipperHooks = {}, retryMs = 2000): { stop: () => void; done: Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let finish: () => void = () => {};
  const done = new Promise<void>((r) => (finish = r));
  const pass = async () => {
    let failed = false;
    for (const o of await orphanSpoolDirs(base, instance, workers)) {
      if (stopped) break;
      try {
        const n = await shipOrphanSpool(o.dir, workerInstanceName(instance, o.index), pool, hooks);
        log.info({ worker: o.index, records: n }, 'shipped the spool of a worker that no longer runs (fewer VIGIL_SERVE_WORKERS than before)');
      } catch (e) {
        failed = true;
        log.warn({ err: e, worker: o.index }, 'orphan spool not shipped yet; retrying');
      }
    }
    if (failed && !stopped) {
      timer = setTimeout(() => void pass(), retryMs);
      timer.unref();
    } else finish();
  };
  void pass();
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      finish();
    },
    done,
  };
}
