// Worker threads that build histogram feature blocks for the GBDT tree builder.
//
// Why threads can never change a model: a histogram cell (feature, bin) is always summed by ONE
// thread, over the node's rows in their order in `rows`, with the same kernel source
// (HIST_KERNEL_SOURCE) — threads only split the features between them. The sums, hence the splits
// and leaves, are the same bits for 1, 2 or 16 threads (gbdt.test.ts trains with 1 and 2 threads
// and compares the models byte for byte).
//
// Protocol: everything the workers read lives in SharedArrayBuffers (bins, a copy of gh and of the
// row order, the task table, an arena of output histograms); each worker owns four Int32 slots of
// `ctl`: [seq, cmd, done, failed]. The main thread writes a task, bumps `seq`, notifies, builds its
// own feature block, then waits (Atomics.wait, synchronously — the tree builder is synchronous)
// until every worker has written `done = seq`. Workers block in Atomics.wait between tasks, so an
// idle pool costs no CPU; it is shared by the process, closed after IDLE_MS without use, and its
// threads are unref'ed so they never keep a process alive.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { HIST_KERNEL_SOURCE } from './gbdt-histogram';

const SLOTS = 4;
const CMD_SETUP = 1;
const CMD_BUILD = 2;
const CMD_EXIT = 3;
/** Close the pool's threads after this long without a tree to build. */
const IDLE_MS = 10_000;
/** A level that takes longer than this on a worker means the worker is gone. */
const WORKER_TIMEOUT_MS = 10 * 60_000;

/** Task table layout (Int32): [nTasks, nFeats, threads, feats × d, (start, end, slot) × maxTasks]. */
export const TASK_HEADER = 3;

export interface SharedContext {
  id: number;
  /** The caller's bins these were made for (the same matrix for a whole training). */
  binsSource: Uint8Array;
  bins: Uint8Array;
  d: number;
  off3: Int32Array;
  nb3: Int32Array;
  gh: Float64Array;
  rows: Uint32Array;
  task: Int32Array;
  arena: Float64Array;
  /** Doubles per arena slot (total bins × 3). */
  slotSize: number;
  /** Histograms the arena holds: tasks per hand-off. */
  slots: number;
}

const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
${HIST_KERNEL_SOURCE}
const ctl = new Int32Array(workerData.ctl);
const me = workerData.index * ${SLOTS};
const port = workerData.port;
let ctx = null;
let seq = 0;
function run(c) {
  const t = c.task;
  const nTasks = t[0];
  const nFeats = t[1];
  const threads = t[2];
  const feats = t.subarray(${TASK_HEADER}, ${TASK_HEADER} + nFeats);
  const jLo = Math.floor((workerData.index * nFeats) / threads);
  const jHi = Math.floor(((workerData.index + 1) * nFeats) / threads);
  const base = ${TASK_HEADER} + c.d;
  for (let k = 0; k < nTasks; k++) {
    const start = t[base + 3 * k];
    const end = t[base + 3 * k + 1];
    const slot = t[base + 3 * k + 2];
    const hist = c.arena.subarray(slot * c.slotSize, (slot + 1) * c.slotSize);
    accumulate(hist, c.bins, c.d, c.off3, c.nb3, feats, jLo, jHi, c.rows, start, end, c.gh);
  }
}
for (;;) {
  Atomics.wait(ctl, me, seq);
  seq = Atomics.load(ctl, me);
  const cmd = Atomics.load(ctl, me + 1);
  if (cmd === ${CMD_EXIT}) break;
  try {
    if (cmd === ${CMD_SETUP}) {
      let m;
      while (!(m = receiveMessageOnPort(port))) Atomics.wait(ctl, me + 3, 0, 1);
      const s = m.message;
      ctx = {
        d: s.d,
        bins: new Uint8Array(s.bins),
        off3: new Int32Array(s.off3),
        nb3: new Int32Array(s.nb3),
        gh: new Float64Array(s.gh),
        rows: new Uint32Array(s.rows),
        task: new Int32Array(s.task),
        arena: new Float64Array(s.arena),
        slotSize: s.slotSize,
      };
    } else if (cmd === ${CMD_BUILD}) {
      run(ctx);
    }
  } catch (err) {
    Atomics.store(ctl, me + 3, 1);
  }
  Atomics.store(ctl, me + 2, seq);
  Atomics.notify(ctl, me + 2);
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
  private readonly ctl = new Int32Array(new SharedArrayBuffer(4 * SLOTS * 64));
  private readonly workers: PoolWorker[] = [];
  private seq = 0;
  busy = false;
  broken = false;

  /** Worker i (1-based) builds feature block i; the calling thread builds block 0. */
  ensure(count: number): void {
    if (count + 1 > 64) throw new Error('gbdt: at most 64 threads');
    while (this.workers.length < count) {
      const index = this.workers.length + 1;
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

  get size(): number {
    return this.workers.length;
  }

  private signal(w: number, cmd: number): number {
    const at = (w + 1) * SLOTS;
    Atomics.store(this.ctl, at + 1, cmd);
    Atomics.store(this.ctl, at, this.seq);
    Atomics.notify(this.ctl, at);
    return at;
  }

  private waitAll(count: number): void {
    const deadline = Date.now() + WORKER_TIMEOUT_MS;
    for (let w = 0; w < count; w++) {
      const at = (w + 1) * SLOTS + 2;
      for (;;) {
        const done = Atomics.load(this.ctl, at);
        if (done === this.seq) break;
        if (Date.now() > deadline) {
          this.broken = true;
          throw new Error(`gbdt histogram worker ${w + 1} did not answer within ${WORKER_TIMEOUT_MS / 1000} s`);
        }
        Atomics.wait(this.ctl, at, done, 1000);
      }
      if (Atomics.load(this.ctl, at + 1) !== 0) {
        this.broken = true;
        throw new Error(`gbdt histogram worker ${w + 1} failed`);
      }
    }
  }

  /** Makes the first `count` workers read `ctx` (once per context). */
  setup(ctx: SharedContext, count: number): void {
    const need = this.workers.slice(0, count).map((w, i) => [w, i] as const).filter(([w]) => w.ctxId !== ctx.id);
    if (need.length === 0) return;
    this.seq = (this.seq + 1) | 0;
    const msg = {
      d: ctx.d,
      bins: ctx.bins.buffer,
      off3: ctx.off3.buffer,
      nb3: ctx.nb3.buffer,
      gh: ctx.gh.buffer,
      rows: ctx.rows.buffer,
      task: ctx.task.buffer,
      arena: ctx.arena.buffer,
      slotSize: ctx.slotSize,
    };
    for (let w = 0; w < count; w++) {
      const pw = this.workers[w];
      if (pw.ctxId === ctx.id) {
        // Nothing to read; answer for it so waitAll can treat every worker alike.
        Atomics.store(this.ctl, (w + 1) * SLOTS + 2, this.seq);
        continue;
      }
      pw.port.postMessage(msg);
      this.signal(w, CMD_SETUP);
    }
    this.waitAll(count);
    for (let w = 0; w < count; w++) this.workers[w].ctxId = ctx.id;
  }

  /** Starts the task in ctx.task on `count` workers; `finish` must follow. */
  start(count: number): void {
    this.seq = (this.seq + 1) | 0;
    for (let w = 0; w < count; w++) this.signal(w, CMD_BUILD);
  }

  finish(count: number): void {
    this.waitAll(count);
  }

  close(): void {
    this.seq = (this.seq + 1) | 0;
    for (let w = 0; w < this.workers.length; w++) this.signal(w, CMD_EXIT);
    for (const w of this.workers) w.port.close();
    this.workers.length = 0;
  }
}

let shared: HistWorkerPool | null = null;
let idleTimer: NodeJS.Timeout | null = null;

/**
 * The process's histogram pool with at least `workers` threads, or null when another training is
 * using it (the caller then builds on its own thread: same model, slower).
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

let nextContextId = 1;
export function contextId(): number {
  return nextContextId++;
}
