// Grows one regression tree on gradient/hessian pairs, depth-wise (level by level, like XGBoost's
// default `grow_policy=depthwise`), from the pre-binned uint8 matrix.
//
// Per level, each node to split has a histogram; for the two children only the one with fewer rows
// is accumulated from its rows and the other is parent − child (the subtraction trick), so a level
// reads at most half the node's rows. Rows live in one index array partitioned in place (stable),
// each node owning a contiguous range, which keeps histogram reads in ascending row order.
import {
  bestSplit,
  buildHistogram,
  subtractInPlace,
  TRIPLE,
  type HistLayout,
} from './gbdt-histogram';
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

/** Reuses histogram buffers across nodes and trees (each is total bins × 3 doubles). */
export class HistPool {
  private readonly free: Float64Array[] = [];
  constructor(private readonly size: number) {}
  get(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.size);
  }
  release(h: Float64Array): void {
    this.free.push(h);
  }
}

export function newHistPool(layout: HistLayout): HistPool {
  return new HistPool(layout.total * TRIPLE);
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

export function growTree(inp: GrowInput): GrownTree {
  const { bins, d, cuts, layout, feats, gh, rows, scratch, maxDepth, minLeaf, lambda, learningRate, pool } = inp;
  const tree: GbdtTree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const splitBin: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const addNode = (): number => {
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(0);
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
    buildHistogram(root.hist, bins, d, layout, feats, rows, 0, inp.nRows, gh);
  }
  let level: Pending[] = [root];

  for (let depth = 0; depth < maxDepth && level.length > 0; depth++) {
    const next: Pending[] = [];
    for (const p of level) {
      const count = p.end - p.start;
      const split = p.hist ? bestSplit(p.hist, layout, feats, p.G, p.H, count, lambda, minLeaf) : null;
      if (!split) {
        makeLeaf(p);
        continue;
      }
      const f = split.feature;
      const b = split.bin;
      // Stable partition of rows[start..end): bin ≤ b first.
      let w = p.start;
      let s = 0;
      for (let i = p.start; i < p.end; i++) {
        const r = rows[i];
        if (bins[r * d + f] <= b) rows[w++] = r;
        else scratch[s++] = r;
      }
      rows.set(scratch.subarray(0, s), w);
      const mid = w;

      const l = addNode();
      const rgt = addNode();
      tree.feature[p.node] = f;
      tree.threshold[p.node] = cuts[f][b];
      tree.left[p.node] = l;
      tree.right[p.node] = rgt;
      splitBin[p.node] = b;

      const left: Pending = { node: l, start: p.start, end: mid, G: split.gLeft, H: split.hLeft, hist: null };
      const right: Pending = { node: rgt, start: mid, end: p.end, G: p.G - split.gLeft, H: p.H - split.hLeft, hist: null };
      const needL = splittable(mid - p.start, depth + 1);
      const needR = splittable(p.end - mid, depth + 1);
      const parentHist = p.hist as Float64Array;
      if (needL || needR) {
        const [small, large] = mid - p.start <= p.end - mid ? [left, right] : [right, left];
        const needLarge = large === left ? needL : needR;
        const needSmall = small === left ? needL : needR;
        const h = pool.get();
        buildHistogram(h, bins, d, layout, feats, rows, small.start, small.end, gh);
        if (needLarge) {
          subtractInPlace(parentHist, h);
          large.hist = parentHist;
        } else pool.release(parentHist);
        if (needSmall) small.hist = h;
        else pool.release(h);
      } else pool.release(parentHist);
      next.push(left, right);
    }
    level = next;
  }
  for (const p of level) makeLeaf(p);
  return { tree, splitBin, start: starts, end: ends };
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
