// Gradient/hessian histograms and the split search over them.
//
// A histogram holds, for every (feature, bin), the sums of g, h and the row count, interleaved
// as [g, h, count] triples in one Float64Array (features laid end to end at `offsets[f]`), so a
// row touches d nearby triples and a feature's bins are contiguous for the prefix scan.
//
// Histograms are built by the WebAssembly kernel (./gbdt-wasm.ts, on every thread: see
// ./gbdt-hist-memory.ts); `accumulate` below is its plain-JavaScript reference, used when the
// kernel's memory cannot be had and by the tests, which check that both give the same bits.

export const TRIPLE = 3;

export interface HistLayout {
  /** Start bin of each feature in the flat histogram. */
  offsets: Int32Array;
  /** Number of bins of each feature. */
  nBins: Int32Array;
  /** Total bins over all features. */
  total: number;
  /** offsets × TRIPLE: where feature f's first triple starts. */
  off3: Int32Array;
  /** nBins × TRIPLE. */
  nb3: Int32Array;
}

export function histLayout(nBins: ArrayLike<number>): HistLayout {
  const d = nBins.length;
  const offsets = new Int32Array(d);
  const nb = new Int32Array(d);
  let total = 0;
  for (let f = 0; f < d; f++) {
    offsets[f] = total;
    nb[f] = nBins[f];
    total += nBins[f];
  }
  return { offsets, nBins: nb, total, off3: offsets.map((o) => o * TRIPLE), nb3: nb.map((b) => b * TRIPLE) };
}

/** Whether the cell indices (offsets[f] + bin) × 3 of `layout` fit in 16 bits (at most 21,845 bins in all). */
export function fitsTripleIndex(layout: HistLayout): boolean {
  return layout.total * TRIPLE <= 0xffff;
}

/**
 * Row-major n × d uint16 matrix of each row's triple offset per feature, (offsets[f] + bin) × 3,
 * written into `out` (n × d entries): the kernel's fastest input (no offset load and no multiply
 * per update). Only for layouts that fitsTripleIndex.
 */
export function tripleIndex(bins: Uint8Array, d: number, layout: HistLayout, out: Uint16Array): Uint16Array {
  if (!fitsTripleIndex(layout)) throw new Error(`gbdt: ${layout.total} bins do not fit a 16-bit cell index`);
  const off3 = layout.off3;
  for (let p = 0; p < bins.length; ) {
    for (let f = 0; f < d; f++, p++) out[p] = off3[f] + bins[p] * TRIPLE;
  }
  return out;
}

/**
 * Zeroes the regions of features feats[jLo..jHi) in `hist`, then adds rows[start..end) into them
 * in row order (`bins` row-major n × d uint8, `idx` its tripleIndex or null; `gh` = [g0, h0, g1,
 * h1, …]). Features outside the block are not touched. The reference for the WebAssembly kernel:
 * every path here and there adds the same numbers in the same order.
 */
export function accumulate(
  hist: Float64Array,
  bins: Uint8Array,
  idx: Uint16Array | null,
  d: number,
  off3: Int32Array,
  nb3: Int32Array,
  feats: Int32Array,
  jLo: number,
  jHi: number,
  rows: Uint32Array,
  start: number,
  end: number,
  gh: Float64Array,
): void {
  for (let j = jLo; j < jHi; j++) {
    const f = feats[j];
    hist.fill(0, off3[f], off3[f] + nb3[f]);
  }
  if (jHi <= jLo) return;
  const f0 = feats[jLo];
  if (idx !== null && feats[jHi - 1] - f0 === jHi - jLo - 1) {
    // A contiguous run of features (no column sampling): no indirection through feats.
    for (let i = start; i < end; i++) {
      const r = rows[i];
      const g = gh[2 * r];
      const h = gh[2 * r + 1];
      let p = r * d + f0;
      const e = p + (jHi - jLo);
      for (; p < e; p++) {
        const k = idx[p];
        hist[k] += g;
        hist[k + 1] += h;
        hist[k + 2] += 1;
      }
    }
    return;
  }
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const g = gh[2 * r];
    const h = gh[2 * r + 1];
    const p = r * d;
    for (let j = jLo; j < jHi; j++) {
      const f = feats[j];
      const k = off3[f] + bins[p + f] * TRIPLE;
      hist[k] += g;
      hist[k + 1] += h;
      hist[k + 2] += 1;
    }
  }
}

/** parent ← parent − child over the features in `feats`: the sibling's histogram without touching its rows. */
export function subtractInPlace(parent: Float64Array, child: Float64Array, layout: HistLayout, feats: Int32Array): void {
  for (let j = 0; j < feats.length; j++) {
    const f = feats[j];
    const a = layout.off3[f];
    const b = a + layout.nb3[f];
    for (let k = a; k < b; k++) parent[k] -= child[k];
  }
}

export interface SplitCandidate {
  feature: number;
  /** Rows with bin ≤ bin go left (the ONNX true branch). */
  bin: number;
  gain: number;
  gLeft: number;
  hLeft: number;
  nLeft: number;
}

/**
 * XGBoost's minimum loss change (kRtEps) below which a node is not split: it stops splits that only
 * shuffle rounding error.
 */
export const MIN_SPLIT_GAIN = 1e-6;

/**
 * Best split of a node with totals (G, H, count) by the second-order gain
 *   GL²/(HL+λ) + GR²/(HR+λ) − G²/(H+λ)
 * (XGBoost's loss_chg, without the ½ and γ = 0), subject to min_samples_leaf rows on each side.
 * Ties keep the first candidate in (feature, bin) order, so the choice never depends on anything
 * but the data. Returns null when no split gains more than MIN_SPLIT_GAIN.
 */
export function bestSplit(
  hist: Float64Array,
  layout: HistLayout,
  feats: Int32Array,
  G: number,
  H: number,
  count: number,
  lambda: number,
  minLeaf: number,
): SplitCandidate | null {
  if (count < 2 * minLeaf) return null;
  const parentScore = (G * G) / (H + lambda);
  let best: SplitCandidate | null = null;
  let bestGain = MIN_SPLIT_GAIN;
  for (let j = 0; j < feats.length; j++) {
    const f = feats[j];
    const base = layout.offsets[f] * TRIPLE;
    const nb = layout.nBins[f];
    let gl = 0;
    let hl = 0;
    let cl = 0;
    for (let b = 0; b + 1 < nb; b++) {
      const k = base + b * TRIPLE;
      const c = hist[k + 2];
      if (c === 0) continue; // same partition as the previous bin: keep the first
      gl += hist[k];
      hl += hist[k + 1];
      cl += c;
      if (cl < minLeaf) continue;
      const cr = count - cl;
      if (cr < minLeaf) break;
      const gr = G - gl;
      const hr = H - hl;
      const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parentScore;
      if (gain > bestGain) {
        bestGain = gain;
        best = { feature: f, bin: b, gain, gLeft: gl, hLeft: hl, nLeft: cl };
      }
    }
  }
  return best;
}
