// Grows one regression tree on gradient/hessian pairs, depth-wise (level by level, like XGBoost's
// default `grow_policy=depthwise`), from the pre-binned uint8 matrix.
//
// Per level, each node to split has a histogram; for the two children only the one with fewer rows
// is accumulated from its rows and the other is parent − child (the subtraction trick), so a level
// reads at most half the node's rows. Rows live in one index array partitioned in place (stable),
// each node owning a contiguous range, which keeps histogram reads in ascending row order.
// A level's histograms are built in one batch by the WebAssembly kernel (./gbdt-wasm.ts): on this
// thread, or shared out with the process's histogram workers (./gbdt-threads.ts) when
// HistPool.threads > 1 — the same numbers either way, and the same as the JavaScript reference
// kernel's, which builds them when the kernel's memory cannot be had.
//
// The boosting loop's interface is growTree(GrowInput) → GrownTree: rows and gh are ordinary
// typed arrays, copied per tree into the kernel's memory (./gbdt-hist-memory.ts), where the rows
// are also partitioned (in WebAssembly); `rows` gets the final order back.
import { accumulate, bestSplit, fitsTripleIndex, subtractInPlace, tripleIndex, TRIPLE, type HistLayout } from './gbdt-histogram';
import { allocHistMemory, runUnit, TASK_HEADER, type HistMemory } from './gbdt-hist-memory';
import { acquirePool, MAX_THREADS, MAX_UNITS, releasePool, type HistWorkerPool } from './gbdt-threads';
import type { GbdtTree } from './gbdt-model';

export interface GrowInput {
  bins: Uint8Array;
  d: number;
  cuts: Float32Array[];
  layout: HistLayout;
  /** Features this tree may split on, ascending. */
  feats: Int32Array;
  /** [g0, h0, g1, h1, ...] for every training row. */
  gh: Float64Array;
  /** Rows of this tree in rows[0..nRows) (reordered in place). */
  rows: Uint32Array;
  nRows: number;
  /** Scratch of at least nRows entries for the stable partition. */
  scratch: Uint32Array;
  maxDepth: number;
  minLeaf: number;
  lambda: number;
  learningRate: number;
  pool: HistPool;
}

export interface GrownTree {
  tree: GbdtTree;
  /** Per node: rows with bin ≤ splitBin go left; −1 for leaves. Routes training rows exactly as the thresholds do. */
  splitBin: number[];
  /** Per node: the range of `rows` it holds (leaves: the rows that end there). */
  start: number[];
  end: number[];
}

/**
 * Reuses histogram buffers across nodes and trees (each is total bins × 3 doubles), and holds the
 * training's kernel memory (./gbdt-hist-memory.ts), which the histogram threads share when
 * `threads` > 1. The thread count never changes the trees, only how fast they grow.
 */
export class HistPool {
  private readonly free: Float64Array[] = [];
  readonly size: number;
  /**
   * Column-major copy of the bins (feature f's n bins contiguous) for partitioning: a node's rows
   * are read for one feature only, and a column is 1/d of the matrix, so it stays in cache.
   */
  private columns: { source: Uint8Array; cols: Uint8Array } | null = null;
  private memory: { source: Uint8Array; mem: HistMemory | null } | null = null;
  private index: { source: Uint8Array; idx: Uint16Array | null } | null = null;
  constructor(
    readonly layout: HistLayout,
    readonly threads = 1,
    /** 'js': the reference kernel on one thread (tests compare it with the WebAssembly one). */
    readonly kernel: 'wasm' | 'js' = 'wasm',
  ) {
    this.size = layout.total * TRIPLE;
  }
  get(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.size);
  }
  release(h: Float64Array): void {
    this.free.push(h);
  }
  /** The kernel memory for `bins` (allocated at the first tree); null: use the JavaScript kernel. */
  memoryOf(bins: Uint8Array, d: number): HistMemory | null {
    if (this.kernel === 'js') return null;
    if (this.memory?.source !== bins) this.memory = { source: bins, mem: allocHistMemory(bins, bins.length / d, d, this.layout) };
    return this.memory.mem;
  }
  /** The JavaScript kernel's uint16 cell index of `bins`, or null when it does not fit 16 bits. */
  indexOf(bins: Uint8Array, d: number): Uint16Array | null {
    if (this.index?.source !== bins) {
      this.index = { source: bins, idx: fitsTripleIndex(this.layout) ? tripleIndex(bins, d, this.layout, new Uint16Array(bins.length)) : null };
    }
    return this.index.idx;
  }
  columnsOf(bins: Uint8Array, d: number): Uint8Array {
    if (this.columns?.source === bins) return this.columns.cols;
    const n = bins.length / d;
    const cols = new Uint8Array(bins.length);
    for (let f = 0; f < d; f++) {
      const c = f * n;
      for (let i = 0, p = f; i < n; i++, p += d) cols[c + i] = bins[p];
    }
    this.columns = { source: bins, cols };
    return cols;
  }
}

export interface HistPoolOptions {
  /** Threads building histograms, this one included (default 1, at most 64; NaN counts as 1). */
  threads?: number;
  /** 'js' forces the JavaScript reference kernel on one thread (for tests; the same model). */
  kernel?: 'wasm' | 'js';
}

export function newHistPool(layout: HistLayout, options: HistPoolOptions = {}): HistPool {
  // More threads than MAX_THREADS would only queue on the cores; the model is the same anyway.
  const asked = Math.floor(options.threads ?? 1);
  const threads = Number.isFinite(asked) ? Math.min(MAX_THREADS, Math.max(1, asked)) : 1;
  return new HistPool(layout, threads, options.kernel ?? 'wasm');
}

interface Pending {
  node: number;
  start: number;
  end: number;
  G: number;
  H: number;
  hist: Float64Array | null;
}

/** Leaf value −η·G/(H + λ), stored as float32 so training and export add the same number. */
export function leafValue(G: number, H: number, lambda: number, eta: number): number {
  return Math.fround((-eta * G) / (H + lambda));
}

/** Below this many row × feature updates at the root a tree is built on one thread (threads would cost more than they save). */
export const MIN_THREADED_WORK = 20_000;

let threadedLevels = 0;
/** How many tree levels were built with worker threads in this process (lets tests prove the threaded path ran). */
export function threadedLevelCount(): number {
  return threadedLevels;
}

interface BuildTask {
  start: number;
  end: number;
  hist: Float64Array;
}

/** Builds every task's histogram with the JavaScript kernel on the calling thread. */
function buildJs(tasks: BuildTask[], inp: GrowInput): void {
  const { layout, feats } = inp;
  const idx = inp.pool.indexOf(inp.bins, inp.d);
  for (const t of tasks) accumulate(t.hist, inp.bins, idx, inp.d, layout.off3, layout.nb3, feats, 0, feats.length, inp.rows, t.start, t.end, inp.gh);
}

/**
 * Builds every task's histogram with the WebAssembly kernel, in arena slots of `mem`, then copies
 * them out: on this thread alone, or as (node, feature block) units shared out between this thread
 * and the pool's workers.
 */
function buildWasm(tasks: BuildTask[], mem: HistMemory, nFeats: number, workers: HistWorkerPool | null, threads: number): void {
  // Blocks per node: enough units for every thread at the root, never an empty block.
  const nBlocks = workers ? Math.max(1, Math.min(nFeats, threads)) : 1;
  const perChunk = Math.min(mem.slots, Math.floor(MAX_UNITS / nBlocks));
  const t = mem.task;
  for (let from = 0; from < tasks.length; from += perChunk) {
    const chunk = tasks.slice(from, from + perChunk);
    if (workers) {
      t[0] = chunk.length;
      t[1] = nFeats;
      t[2] = nBlocks;
      chunk.forEach((c, k) => {
        t[TASK_HEADER + 2 * k] = c.start;
        t[TASK_HEADER + 2 * k + 1] = c.end;
      });
      workers.run(mem, chunk.length * nBlocks, threads - 1);
      threadedLevels++;
    } else {
      for (let k = 0; k < chunk.length; k++) runUnit(mem, k, 0, nFeats, chunk[k].start, chunk[k].end);
    }
    const base = mem.arena / 8;
    for (let k = 0; k < chunk.length; k++) chunk[k].hist.set(mem.f64.subarray(base + k * mem.slotSize, base + (k + 1) * mem.slotSize));
  }
}

export function growTree(inp: GrowInput): GrownTree {
  const { feats, pool } = inp;
  const nRows = inp.nRows;
  const mem = pool.memoryOf(inp.bins, inp.d);
  if (!mem) {
    const cols = pool.columnsOf(inp.bins, inp.d);
    const n = inp.bins.length / inp.d;
    return grow(inp, inp.rows, inp.gh, (tasks) => buildJs(tasks, inp), (f, b, start, end) => partition(inp.rows, inp.scratch, cols.subarray(f * n, (f + 1) * n), b, start, end));
  }

  // The tree's gradients, rows and features go into the kernel's memory; rows come back at the end.
  mem.ghView.set(inp.gh);
  mem.rowsView.set(inp.rows.subarray(0, nRows));
  mem.featList.set(feats);
  // Threads only when the work pays for them and the process pool is free; either way the same tree.
  let workers: HistWorkerPool | null = null;
  if (pool.threads > 1 && nRows * feats.length >= MIN_THREADED_WORK) {
    workers = acquirePool(pool.threads - 1);
    if (workers) {
      try {
        workers.setup(mem, pool.threads - 1);
      } catch (err) {
        releasePool(workers);
        throw err;
      }
    }
  }
  try {
    const grown = grow(
      inp,
      mem.rowsView,
      mem.ghView,
      (tasks) => {
        if (tasks.length > 0) buildWasm(tasks, mem, feats.length, workers, pool.threads);
      },
      (f, b, start, end) => mem.kernel.partition(mem.rows, mem.scratch, mem.cols + f * mem.n, b, start, end),
    );
    inp.rows.set(mem.rowsView.subarray(0, nRows));
    return grown;
  } finally {
    if (workers) releasePool(workers);
  }
}

/** Stable partition of rows[start..end) by feature f's bin ≤ b (left first); returns the split point. */
type PartitionFn = (f: number, b: number, start: number, end: number) => number;

function grow(inp: GrowInput, rows: Uint32Array, gh: Float64Array, build: (tasks: BuildTask[]) => void, part: PartitionFn): GrownTree {
  const { cuts, layout, feats, maxDepth, minLeaf, lambda, learningRate, pool } = inp;
  const tree: GbdtTree = { feature: [], threshold: [], left: [], right: [], value: [], gain: [] };
  const splitBin: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const addNode = (): number => {
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(0);
    tree.gain!.push(0);
    splitBin.push(-1);
    starts.push(0);
    ends.push(0);
    return tree.feature.length - 1;
  };
  const makeLeaf = (p: Pending): void => {
    tree.value[p.node] = leafValue(p.G, p.H, lambda, learningRate);
    starts[p.node] = p.start;
    ends[p.node] = p.end;
    if (p.hist) pool.release(p.hist);
  };
  // Whether a child at `depth` could still be split (so it needs a histogram).
  const splittable = (count: number, depth: number): boolean => depth < maxDepth && count >= 2 * minLeaf;

  let G = 0;
  let H = 0;
  for (let i = 0; i < inp.nRows; i++) {
    const r = rows[i];
    G += gh[2 * r];
    H += gh[2 * r + 1];
  }
  const root: Pending = { node: addNode(), start: 0, end: inp.nRows, G, H, hist: null };
  if (splittable(inp.nRows, 0)) {
    root.hist = pool.get();
    build([{ start: 0, end: inp.nRows, hist: root.hist }]);
  }
  let level: Pending[] = [root];

  for (let depth = 0; depth < maxDepth && level.length > 0; depth++) {
    const next: Pending[] = [];
    // The level's histograms are built in one batch (one hand-off to the threads), then the
    // larger siblings are derived by subtraction.
    const tasks: BuildTask[] = [];
    const after: { parent: Float64Array; small: Pending; large: Pending; h: Float64Array; needSmall: boolean; needLarge: boolean }[] = [];
    for (const p of level) {
      const count = p.end - p.start;
      const split = p.hist ? bestSplit(p.hist, layout, feats, p.G, p.H, count, lambda, minLeaf) : null;
      if (!split) {
        makeLeaf(p);
        continue;
      }
      const f = split.feature;
      const b = split.bin;
      const mid = part(f, b, p.start, p.end);

      const l = addNode();
      const rgt = addNode();
      tree.feature[p.node] = f;
      tree.threshold[p.node] = cuts[f][b];
      tree.left[p.node] = l;
      tree.right[p.node] = rgt;
      tree.gain![p.node] = split.gain;
      splitBin[p.node] = b;

      const left: Pending = { node: l, start: p.start, end: mid, G: split.gLeft, H: split.hLeft, hist: null };
      const right: Pending = { node: rgt, start: mid, end: p.end, G: p.G - split.gLeft, H: p.H - split.hLeft, hist: null };
      const needL = splittable(mid - p.start, depth + 1);
      const needR = splittable(p.end - mid, depth + 1);
      const parentHist = p.hist as Float64Array;
      if (needL || needR) {
        const [small, large] = mid - p.start <= p.end - mid ? [left, right] : [right, left];
        const h = pool.get();
        tasks.push({ start: small.start, end: small.end, hist: h });
        after.push({ parent: parentHist, small, large, h, needSmall: small === left ? needL : needR, needLarge: large === left ? needL : needR });
      } else pool.release(parentHist);
      next.push(left, right);
    }
    build(tasks);
    for (const a of after) {
      if (a.needLarge) {
        subtractInPlace(a.parent, a.h, layout, feats);
        a.large.hist = a.parent;
      } else pool.release(a.parent);
      if (a.needSmall) a.small.hist = a.h;
      else pool.release(a.h);
    }
    level = next;
  }
  for (const p of level) makeLeaf(p);
  return { tree, splitBin, start: starts, end: ends };
}

/** Stable partition of rows[start..end) by column bin ≤ b (left first); returns the split point. */
function partition(rows: Uint32Array, scratch: Uint32Array, col: Uint8Array, b: number, start: number, end: number): number {
  let w = start;
  let s = 0;
  for (let i = start; i < end; i++) {
    const r = rows[i];
    if (col[r] <= b) rows[w++] = r;
    else scratch[s++] = r;
  }
  rows.set(scratch.subarray(0, s), w);
  return w;
}

/** Leaf value of training row r, routed by bins (identical to routing by thresholds). */
export function binnedLeafValue(g: GrownTree, bins: Uint8Array, d: number, r: number): number {
  const t = g.tree;
  let k = 0;
  while (t.feature[k] >= 0) {
    k = bins[r * d + t.feature[k]] <= g.splitBin[k] ? t.left[k] : t.right[k];
  }
  return t.value[k];
}
