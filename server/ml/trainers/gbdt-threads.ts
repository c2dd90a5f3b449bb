// Worker threads that build histogram feature blocks for the GBDT tree builder.
//
// Why threads can never change a model: a level's histogram work is cut into units (one node ×
// one block of features), and a histogram cell (feature, bin) is always summed by ONE thread,
// over the node's rows in their order in `rows`, with the same WebAssembly kernel (./gbdt-wasm.ts,
// called through the same UNIT_SOURCE in every thread). Which thread takes which unit varies from run to run; the sums, hence
// the splits and leaves, do not: 1, 2 or 16 threads give the same bits (gbdt.test.ts and
// train-model.test.ts compare the models byte for byte).
//
// Protocol: everything the workers read lives in the training's shared WebAssembly memory
// (./gbdt-hist-memory.ts: the kernel's index, a copy of gh and of the row order, the feature
// list, an arena of output histograms) and a shared task table. For a
// level, the main thread writes the task table, opens a new claim generation, wakes the
// workers, and then claims units itself like any worker: units are taken with a compare-and-swap
// on one counter, so a worker that the OS has not scheduled yet costs nothing — the main thread
// does its units (on a busy machine two threads are never slower than one by more than one unit).
// It waits (Atomics.wait: the tree builder is synchronous) only for units already claimed.
// Workers block in Atomics.wait between levels, so an idle pool costs no CPU; the pool is shared
// by the process, closed after IDLE_MS without use, and its threads are unref'ed.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { TASK_HEADER, UNIT_SOURCE, unitMessage, type HistMemory, type UnitContext } from './gbdt-hist-memory';

/** ctl layout (Int32): global words, then SLOTS words per worker [seq, cmd, setupDone, failed]. */
const CLAIM = 0; // (generation << 16) | next unit; unit 0xffff = closed while the table is rewritten
const NUNITS = 1;
const DONE = 2; // units finished in the current generation
const FAILED = 3; // set by a thread whose kernel threw
const CTX = 4; // id of the context whose buffers the open generation's units read
const WORKER_UNITS = 5; // units run by workers since the pool started (tests check threads really ran)
const GLOBALS = 8;
const SLOTS = 4;
const CLOSED = 0xffff;
export const MAX_UNITS = CLOSED - 1;

const CMD_SETUP = 1;
const CMD_BUILD = 2;
const CMD_EXIT = 3;
/** Close the pool's threads after this long without a tree to build. */
const IDLE_MS = 10_000;
/** A unit that takes longer than this means a worker is gone. */
const WORKER_TIMEOUT_MS = 10 * 60_000;
export const MAX_THREADS = 64;

/**
 * Claims and runs units until none is left in the open generation; shared verbatim by the main
 * thread (compiled with new Function) and the workers. Returns false if a kernel threw.
 */
const CLAIM_LOOP_SOURCE = `
function runUnits(ctl, c, isWorker) {
  for (;;) {
    const v = Atomics.load(ctl, ${CLAIM});
    const unit = v & 0xffff;
    if (unit === ${CLOSED}) return true;
    const n = Atomics.load(ctl, ${NUNITS});
    const ctxId = Atomics.load(ctl, ${CTX});
    if (Atomics.load(ctl, ${CLAIM}) !== v) continue;
    if (unit >= n) return true;
    // A worker still holding another training's buffers must not take this one's units.
    if (ctxId !== c.id) return true;
    if (Atomics.compareExchange(ctl, ${CLAIM}, v, v + 1) !== v) continue;
    const t = c.task;
    const nFeats = t[1];
    const nBlocks = t[2];
    const k = Math.floor(unit / nBlocks);
    const b = unit - k * nBlocks;
    const jLo = Math.floor((b * nFeats) / nBlocks);
    const jHi = Math.floor(((b + 1) * nFeats) / nBlocks);
    let ok = true;
    try {
      runUnit(c, k, jLo, jHi, t[${TASK_HEADER} + 2 * k], t[${TASK_HEADER} + 2 * k + 1]);
    } catch (err) {
      ok = false;
      Atomics.store(ctl, ${FAILED}, 1);
    }
    if (isWorker) Atomics.add(ctl, ${WORKER_UNITS}, 1);
    Atomics.add(ctl, ${DONE}, 1);
    Atomics.notify(ctl, ${DONE});
    if (!ok) return false;
  }
}
`;

type RunUnits = (ctl: Int32Array, c: UnitContext & { task: Int32Array }, isWorker: boolean) => boolean;
const runUnits = new Function(`${UNIT_SOURCE}\n${CLAIM_LOOP_SOURCE}\nreturn runUnits;`)() as RunUnits;

const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
${UNIT_SOURCE}
${CLAIM_LOOP_SOURCE}
const ctl = new Int32Array(workerData.ctl);
const me = ${GLOBALS} + workerData.index * ${SLOTS};
const port = workerData.port;
let ctx = null;
let seq = 0;
for (;;) {
  Atomics.wait(ctl, me, seq);
  seq = Atomics.load(ctl, me);
  const cmd = Atomics.load(ctl, me + 1);
  if (cmd === ${CMD_EXIT}) break;
  if (cmd === ${CMD_SETUP}) {
    try {
      let m;
      while (!(m = receiveMessageOnPort(port))) Atomics.wait(ctl, me + 3, 0, 1);
      const s = m.message;
      const e = new WebAssembly.Instance(s.module, { env: { mem: s.memory } }).exports;
      ctx = {
        id: s.id,
        d: s.d,
        idxMode: s.idxMode,
        src: s.src,
        off: s.off,
        feats: s.feats,
        gh: s.gh,
        rows: s.rows,
        arena: s.arena,
        slotSize: s.slotSize,
        off3: s.off3,
        nb3: s.nb3,
        kernel: { idx: e.idx, idxList: e.idxList, bins: e.bins, binsList: e.binsList },
        f64: new Float64Array(s.memory.buffer),
        featList: new Int32Array(s.memory.buffer, s.feats, s.d),
        task: new Int32Array(s.task),
      };
    } catch (err) {
      Atomics.store(ctl, me + 3, 1);
    }
    Atomics.store(ctl, me + 2, seq);
    Atomics.notify(ctl, me + 2);
  } else if (cmd === ${CMD_BUILD} && ctx !== null) {
    runUnits(ctl, ctx, true);
  }
}
port.close();
`;

interface PoolWorker {
  worker: Worker;
  port: MessagePort;
  /** Context id this worker was last set up with. */
  ctxId: number;
}

/** A set of histogram workers; at most one tree builder uses it at a time. */
export class HistWorkerPool {
  private readonly ctl = new Int32Array(new SharedArrayBuffer(4 * (GLOBALS + SLOTS * (MAX_THREADS + 1))));
  private readonly workers: PoolWorker[] = [];
  private seq = 0;
  private gen = 0;
  busy = false;
  broken = false;

  ensure(count: number): void {
    if (count + 1 > MAX_THREADS) throw new Error(`gbdt: at most ${MAX_THREADS} threads`);
    while (this.workers.length < count) {
      const index = this.workers.length;
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { ctl: this.ctl.buffer, index, port: port2 },
        transferList: [port2],
      });
      worker.unref();
      port1.unref();
      worker.on('error', () => {
        this.broken = true;
      });
      this.workers.push({ worker, port: port1, ctxId: -1 });
    }
  }

  private signal(w: number, cmd: number): void {
    const at = GLOBALS + w * SLOTS;
    Atomics.store(this.ctl, at + 1, cmd);
    Atomics.store(this.ctl, at, this.seq);
    Atomics.notify(this.ctl, at);
  }

  /** Makes the first `count` workers read `ctx` (once per context, i.e. per training). */
  setup(ctx: HistMemory, count: number): void {
    const need = this.workers.slice(0, count).filter((w) => w.ctxId !== ctx.id);
    if (need.length === 0) return;
    this.seq = (this.seq + 1) | 0;
    const msg = unitMessage(ctx);
    const asked: number[] = [];
    for (let w = 0; w < count; w++) {
      if (this.workers[w].ctxId === ctx.id) continue;
      this.workers[w].port.postMessage(msg);
      this.signal(w, CMD_SETUP);
      asked.push(w);
    }
    // Setting up must reach every worker (each maps the buffers once), so here we do wait for all.
    const deadline = Date.now() + WORKER_TIMEOUT_MS;
    for (const w of asked) {
      const at = GLOBALS + w * SLOTS + 2;
      for (;;) {
        const done = Atomics.load(this.ctl, at);
        if (done === this.seq) break;
        this.checkDeadline(deadline);
        Atomics.wait(this.ctl, at, done, 1000);
      }
      if (Atomics.load(this.ctl, at + 1) !== 0) {
        this.broken = true;
        throw new Error(`gbdt histogram worker ${w + 1} could not map the shared memory`);
      }
      this.workers[w].ctxId = ctx.id;
    }
  }

  private checkDeadline(deadline: number): void {
    if (Date.now() > deadline) {
      this.broken = true;
      throw new Error(`gbdt histogram workers did not answer within ${WORKER_TIMEOUT_MS / 1000} s`);
    }
  }

  /**
   * Runs `nUnits` units of the task now in ctx.task on this thread and the first `count` workers,
   * returning when all are done. Call only with ctx set up on those workers.
   */
  run(ctx: HistMemory, nUnits: number, count: number): void {
    if (nUnits > MAX_UNITS) throw new Error(`gbdt: ${nUnits} histogram units in one hand-off (at most ${MAX_UNITS})`);
    const ctl = this.ctl;
    this.gen = (this.gen + 1) & 0x7fff;
    // Close claiming while the counters change (the task table was written before this call,
    // while the previous generation was complete, so no thread reads it).
    Atomics.store(ctl, CLAIM, (this.gen << 16) | CLOSED);
    Atomics.store(ctl, NUNITS, nUnits);
    Atomics.store(ctl, DONE, 0);
    Atomics.store(ctl, FAILED, 0);
    Atomics.store(ctl, CTX, ctx.id);
    Atomics.store(ctl, CLAIM, this.gen << 16);
    this.seq = (this.seq + 1) | 0;
    for (let w = 0; w < count; w++) this.signal(w, CMD_BUILD);
    runUnits(ctl, ctx, false);
    const deadline = Date.now() + WORKER_TIMEOUT_MS;
    for (;;) {
      const done = Atomics.load(ctl, DONE);
      if (done >= nUnits) break;
      this.checkDeadline(deadline);
      Atomics.wait(ctl, DONE, done, 1000);
    }
    if (Atomics.load(ctl, FAILED) !== 0) {
      this.broken = true;
      throw new Error('gbdt: a histogram thread failed');
    }
  }

  get workerUnits(): number {
    return Atomics.load(this.ctl, WORKER_UNITS);
  }

  close(): void {
    workerUnitsClosed += this.workerUnits;
    this.seq = (this.seq + 1) | 0;
    for (let w = 0; w < this.workers.length; w++) this.signal(w, CMD_EXIT);
    for (const w of this.workers) w.port.close();
    this.workers.length = 0;
  }
}

let shared: HistWorkerPool | null = null;
let workerUnitsClosed = 0;

/** Histogram units run by worker threads (not the calling thread) in this process so far. */
export function workerUnitCount(): number {
  return workerUnitsClosed + (shared?.workerUnits ?? 0);
}
let idleTimer: NodeJS.Timeout | null = null;

/**
 * The process's histogram pool with at least `workers` threads, or null when another training is
 * using it (the caller then builds on its own thread: the same model, slower).
 */
export function acquirePool(workers: number): HistWorkerPool | null {
  if (shared?.broken) {
    shared.close();
    shared = null;
  }
  if (shared?.busy) return null;
  if (idleTimer) {
    clearTimeout(idleTimer);
    idleTimer = null;
  }
  shared ??= new HistWorkerPool();
  shared.ensure(workers);
  shared.busy = true;
  return shared;
}

export function releasePool(pool: HistWorkerPool): void {
  pool.busy = false;
  if (pool !== shared) return;
  idleTimer = setTimeout(() => {
    idleTimer = null;
    if (shared && !shared.busy) {
      shared.close();
      shared = null;
    }
  }, IDLE_MS);
  idleTimer.unref();
}

