// The WebAssembly memory a training's histograms are built in (one per training, shared with the
// histogram workers), and the one function every thread runs to build a unit of histogram work.
//
// Layout (byte offsets, 16-aligned): the kernel's source matrix — uint16 cell indices
// (tripleIndex) when the histogram has ≤ 21,845 bins, else a copy of the uint8 bins plus an int32
// table of each feature's first cell in bytes —, the tree's feature list (int32), a copy of the
// tree's gradients ([g, h] float64 per row) and of its row order (uint32), a column-major copy of
// the bins and a scratch row array (for partitioning the row order, in WebAssembly too), then an
// arena of histogram slots (one per task of a hand-off) that the kernel writes and the tree
// builder copies out of. The memory is shared (so workers map the same bytes) and never grows.
import { fitsTripleIndex, tripleIndex, TRIPLE, type HistLayout } from './gbdt-histogram';
import { histKernelModule, instantiateKernel, MAX_PAGES, type HistKernel } from './gbdt-wasm';

/** Upper bound on the arena of histogram slots. */
const MAX_ARENA_BYTES = 64 * 1024 * 1024;
/** At most this many histograms per hand-off. */
const MAX_SLOTS = 64;
const PAGE = 65536;

/** What runUnit reads: the same fields on the main thread and (rebuilt from a message) in workers. */
export interface UnitContext {
  id: number;
  d: number;
  /** True: `src` holds uint16 cell indices; false: uint8 bins with the `off` table. */
  idxMode: boolean;
  src: number;
  off: number;
  feats: number;
  gh: number;
  rows: number;
  arena: number;
  /** Doubles per arena slot (total bins × 3). */
  slotSize: number;
  off3: Int32Array;
  nb3: Int32Array;
  kernel: HistKernel;
  /** The whole memory as doubles (to zero a slot's feature regions). */
  f64: Float64Array;
  /** The tree's feature list, as the kernel reads it. */
  featList: Int32Array;
}

export interface HistMemory extends UnitContext {
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
  /** The caller's bins this memory was made for (one matrix per training). */
  binsSource: Uint8Array;
  n: number;
  /** Column-major bins (feature f's n bins from cols + f·n) and a scratch of n uint32 for partition. */
  cols: number;
  scratch: number;
  /** Views of the gradient and row-order copies. */
  ghView: Float64Array;
  rowsView: Uint32Array;
  /** Histogram slots in the arena. */
  slots: number;
  /** Task table the workers read (Int32, shared): [nTasks, nFeats, nBlocks, (start, end) × slots]. */
  task: Int32Array;
}

/** Task table header words: nTasks, nFeats, nBlocks. */
export const TASK_HEADER = 3;

let nextId = 1;

/**
 * Allocates the memory for a training on `bins` (row-major n × d) and fills in the kernel's source
 * matrix; null when it would exceed wasm32's 4 GiB or cannot be allocated (the caller then builds
 * with the JavaScript kernel on one thread: the same model, slower).
 */
export function allocHistMemory(bins: Uint8Array, n: number, d: number, layout: HistLayout): HistMemory | null {
  const idxMode = fitsTripleIndex(layout);
  const slotBytes = 8 * layout.total * TRIPLE;
  const slots = Math.max(1, Math.min(MAX_SLOTS, Math.floor(MAX_ARENA_BYTES / slotBytes)));
  let at = 0;
  const take = (bytes: number): number => {
    const p = at;
    at += Math.ceil(bytes / 16) * 16;
    return p;
  };
  const src = take((idxMode ? 2 : 1) * n * d);
  const off = take(4 * d);
  const feats = take(4 * d);
  const gh = take(16 * n);
  const rows = take(4 * n);
  const cols = take(n * d);
  const scratch = take(4 * n);
  const arena = take(slotBytes * slots);
  const pages = Math.ceil(at / PAGE) + 1;
  if (pages > MAX_PAGES) return null;
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  } catch {
    return null;
  }
  const buf = memory.buffer;
  if (idxMode) tripleIndex(bins, d, layout, new Uint16Array(buf, src, n * d));
  else {
    new Uint8Array(buf, src, n * d).set(bins);
    new Int32Array(buf, off, d).set(layout.offsets.map((o) => o * TRIPLE * 8));
  }
  const colBins = new Uint8Array(buf, cols, n * d);
  for (let f = 0; f < d; f++) {
    const c = f * n;
    for (let i = 0, p = f; i < n; i++, p += d) colBins[c + i] = bins[p];
  }
  const module = histKernelModule();
  return {
    id: nextId++,
    memory,
    module,
    binsSource: bins,
    n,
    d,
    idxMode,
    src,
    off,
    feats,
    gh,
    rows,
    cols,
    scratch,
    arena,
    slotSize: layout.total * TRIPLE,
    slots,
    off3: layout.off3,
    nb3: layout.nb3,
    kernel: instantiateKernel(memory, module),
    f64: new Float64Array(buf),
    featList: new Int32Array(buf, feats, d),
    ghView: new Float64Array(buf, gh, 2 * n),
    rowsView: new Uint32Array(buf, rows, n),
    task: new Int32Array(new SharedArrayBuffer(4 * (TASK_HEADER + 2 * slots))),
  };
}

/**
 * runUnit(c, k, jLo, jHi, start, end): builds, in arena slot k, the histogram of rows[start..end)
 * for the features featList[jLo..jHi) (their cells zeroed first; other features' cells are left
 * alone, so threads can fill disjoint feature blocks of one slot). Plain JavaScript source, compiled
 * in the main thread and in every worker: all run the same code on the same kernel.
 */
export const UNIT_SOURCE = `
function runUnit(c, k, jLo, jHi, start, end) {
  const base = c.arena / 8 + k * c.slotSize;
  const feats = c.featList;
  for (let j = jLo; j < jHi; j++) {
    const a = base + c.off3[feats[j]];
    c.f64.fill(0, a, a + c.nb3[feats[j]]);
  }
  if (jHi <= jLo) return;
  const hist = 8 * base;
  const f0 = feats[jLo];
  if (feats[jHi - 1] - f0 === jHi - jLo - 1) {
    (c.idxMode ? c.kernel.idx : c.kernel.bins)(hist, c.src, c.off, c.gh, c.rows, start, end, c.d, f0, jHi - jLo);
  } else {
    (c.idxMode ? c.kernel.idxList : c.kernel.binsList)(hist, c.src, c.off, c.gh, c.rows, start, end, c.d, c.feats + 4 * jLo, jHi - jLo);
  }
}
`;

export const runUnit = new Function(`${UNIT_SOURCE}\nreturn runUnit;`)() as (c: UnitContext, k: number, jLo: number, jHi: number, start: number, end: number) => void;

/** What a worker needs to rebuild a UnitContext (all structured-cloneable; memory and module are shared). */
export function unitMessage(m: HistMemory): Record<string, unknown> {
  return {
    id: m.id,
    d: m.d,
    idxMode: m.idxMode,
    src: m.src,
    off: m.off,
    feats: m.feats,
    gh: m.gh,
    rows: m.rows,
    arena: m.arena,
    slotSize: m.slotSize,
    off3: m.off3,
    nb3: m.nb3,
    memory: m.memory,
    module: m.module,
    task: m.task.buffer,
  };
}
