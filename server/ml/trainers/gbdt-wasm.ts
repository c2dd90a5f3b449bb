// The GBDT histogram kernel as a WebAssembly module, assembled here from its instructions: no
// compiler and no toolchain, only the ~30 opcodes below (WebAssembly core, fixed-width SIMD and
// bulk memory, all in every Node ≥ 16). Why: the plain-JavaScript kernel (./gbdt-histogram.ts,
// kept as the reference) spends ~4–5 ns per (row, feature) update on typed-array bounds checks
// and three scalar read-modify-writes; this one does one 128-bit add of (g, h) and one add of the
// count, with no bounds checks (the memory's guard pages), ~1 ns per update on rows in order.
//
// The arithmetic is the reference kernel's, bit for bit: every histogram cell is a float64 sum of
// the same g, h and 1.0 terms in the same row order (f64x2.add is two IEEE float64 additions),
// so a model does not depend on which kernel built it (gbdt-wasm.test.ts checks that).
//
// Exports, one signature: f(hist, src, off, gh, rows, start, end, d, fLo | feats, nF). Pointers are
// byte offsets into the imported memory `env.mem`; histogram cells are [g, h, count] float64
// triples; `gh` holds [g, h] float64 pairs per row; `rows` uint32 row ids. Each adds
// rows[start..end), in that order, to the cells of nF features:
//   idx       src = the row-major n × d uint16 cell index ((offsets[f] + bin) × 3, as
//             tripleIndex); features fLo..fLo+nF−1.                           (`off` unused)
//   idxList   the same for the int32 feature list at `feats` (column sampling).
//   bins      src = the row-major n × d uint8 bins, `off` an int32 table of each feature's first
//             cell in bytes (offsets[f] × 24): for histograms too large for 16-bit indices.
//   binsList  the same for a feature list.
// None zeroes anything: the caller clears the features' cells first. The module also exports
// `partition` (below), the tree builder's stable split of a node's rows.

const I32 = 0x7f;
const V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const name = (s: string): number[] => [...uleb(s.length), ...new TextEncoder().encode(s)];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

// Instructions (https://webassembly.github.io/spec/core/binary/instructions.html).
const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const tee = (i: number) => [0x22, ...uleb(i)];
const i32 = (v: number) => [0x41, ...sleb(v)];
const ADD = 0x6a;
const MUL = 0x6c;
const SHL = 0x74;
const GE_U = 0x4f;
const GT_U = 0x4b;
/** Memory access: alignment exponent and static byte offset. */
const load32 = (off = 0) => [0x28, 2, ...uleb(off)];
const load8 = (off = 0) => [0x2d, 0, ...uleb(off)];
const load16 = (off = 0) => [0x2f, 1, ...uleb(off)];
const f64load = (off = 0) => [0x2b, 3, ...uleb(off)];
const f64store = (off = 0) => [0x39, 3, ...uleb(off)];
const F64_ADD = 0xa0;
const f64 = (v: number) => {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, v, true);
  return [0x44, ...new Uint8Array(b.buffer)];
};
const vload = (off = 0) => [0xfd, 0x00, 3, ...uleb(off)];
const vstore = (off = 0) => [0xfd, 0x0b, 3, ...uleb(off)];
const F64X2_ADD = [0xfd, ...uleb(240)];
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const END = 0x0b;
const br = (depth: number) => [0x0c, depth];
const brIf = (depth: number) => [0x0d, depth];

/** Updates per unrolled step of the feature loop (4 measured fastest of 1, 4 and 8). */
const UNROLL = 4;
/**
 * Rows ahead whose first source byte and gradient each row step touches, so that the cache misses
 * of a node's scattered rows overlap (WebAssembly has no prefetch instruction; a dropped load is
 * one).
 */
const PREFETCH = 8;

// Parameters and locals of both functions.
const HIST = 0;
const SRC = 1; // the uint16 cell indices or the uint8 bins
const OFF = 2;
const GH = 3;
const ROWS = 4;
const START = 5;
const END_ROW = 6;
const D = 7;
const F_LO = 8; // idx/bins: first feature; the list kernels: pointer to the feature list
const NF = 9;
const I = 10;
const R = 11;
const P = 12; // walks the row's indices/bins, or the feature list
const E = 13;
const Q = 14; // bins: walks `off`; the list kernels: the row's first index/bin
const K = 15;
const F = 16;
const V = 17; // v128: the row's (g, h)

/** One (row, feature) update: cell k += (g, h), count += 1. Leaves nothing on the stack. */
function addToCell(cell: number[]): number[] {
  return [...cell, ...tee(K), ...get(K), ...vload(), ...get(V), ...F64X2_ADD, ...vstore(), ...get(K), ...get(K), ...f64load(16), ...f64(1), F64_ADD, ...f64store(16)];
}

type Mode = 'idx' | 'idxList' | 'bins' | 'binsList';

/**
 * Address of the u-th cell of an unrolled step:
 *   idx       hist + idx[row, fLo + u] × 8            (P walks the row's uint16 cell indices)
 *   idxList   hist + idx[row, feats[j + u]] × 8       (P walks the feature list, Q = the row's indices)
 *   bins      hist + off[fLo + u] + bins[row, fLo + u] × 24   (P walks the row's bins, Q `off`)
 *   binsList  hist + off[f] + bins[row, f] × 24, f = feats[j + u]   (P the list, Q the row's bins)
 */
function cell(mode: Mode, u: number): number[] {
  switch (mode) {
    case 'idx':
      return [...get(HIST), ...get(P), ...load16(2 * u), ...i32(3), SHL, ADD];
    case 'idxList':
      return [...get(HIST), ...get(Q), ...get(P), ...load32(4 * u), ...i32(1), SHL, ADD, ...load16(), ...i32(3), SHL, ADD];
    case 'bins':
      return [...get(HIST), ...get(Q), ...load32(4 * u), ADD, ...get(P), ...load8(u), ...i32(24), MUL, ADD];
    case 'binsList':
      return [...get(P), ...load32(4 * u), ...tee(F), ...i32(2), SHL, ...get(OFF), ADD, ...load32(), ...get(HIST), ADD, ...get(Q), ...get(F), ADD, ...load8(), ...i32(24), MUL, ADD];
  }
}

/** Function body: for each row, set up P/Q/E, run the feature loop (unrolled, then a tail). */
function kernelBody(mode: Mode): number[] {
  const list = mode === 'idxList' || mode === 'binsList';
  // Bytes P advances per feature; Q advances too only in 'bins' (4 bytes of `off` per feature).
  const step = list ? 4 : mode === 'idx' ? 2 : 1;
  const body: number[] = [...get(START), ...set(I), ...BLOCK, ...LOOP, ...get(I), ...get(END_ROW), GE_U, ...brIf(1)];
  // R = rows[i]; V = gh[R]
  body.push(...get(ROWS), ...get(I), ...i32(2), SHL, ADD, ...load32(), ...set(R));
  body.push(...get(GH), ...get(R), ...i32(4), SHL, ADD, ...vload(), ...set(V));
  if (PREFETCH > 0) {
    // K = rows[min(i + PREFETCH, end − 1)]; touch its first source byte and its gradient.
    body.push(...get(ROWS), ...get(I), ...i32(PREFETCH), ADD, ...get(END_ROW), ...i32(1), 0x6b, ...get(I), ...i32(PREFETCH), ADD, ...get(END_ROW), 0x49, 0x1b);
    body.push(...i32(2), SHL, ADD, ...load32(), ...set(K));
    body.push(...get(SRC), ...get(K), ...get(D), MUL, ...(mode.startsWith('idx') ? [...i32(1), SHL] : []), ADD, ...load8(), 0x1a);
    body.push(...get(GH), ...get(K), ...i32(4), SHL, ADD, ...f64load(), 0x1a);
  }
  // The row's first byte in the source matrix: SRC + R·d·(2 for idx, 1 for bins).
  const rowStart = [...get(SRC), ...get(R), ...get(D), MUL, ...(mode.startsWith('idx') ? [...i32(1), SHL] : []), ADD];
  if (list) {
    // Q = the row; P = feats; E = feats + 4·nF
    body.push(...rowStart, ...set(Q), ...get(F_LO), ...tee(P), ...get(NF), ...i32(2), SHL, ADD, ...set(E));
  } else {
    // P = the row's feature fLo; E = P + nF·step
    const scale = mode === 'idx' ? [...i32(1), SHL] : [];
    body.push(...rowStart, ...get(F_LO), ...scale, ADD, ...tee(P), ...get(NF), ...scale, ADD, ...set(E));
    if (mode === 'bins') body.push(...get(OFF), ...get(F_LO), ...i32(2), SHL, ADD, ...set(Q));
  }
  const advance = (n: number) => [
    ...get(P), ...i32(n * step), ADD, ...set(P),
    ...(mode === 'bins' ? [...get(Q), ...i32(4 * n), ADD, ...set(Q)] : []),
  ];
  // Unrolled: while P + UNROLL·step ≤ E.
  body.push(...BLOCK, ...LOOP, ...get(P), ...i32(UNROLL * step), ADD, ...get(E), GT_U, ...brIf(1));
  for (let u = 0; u < UNROLL; u++) body.push(...addToCell(cell(mode, u)));
  body.push(...advance(UNROLL), ...br(0), END, END);
  // Tail: while P < E.
  body.push(...BLOCK, ...LOOP, ...get(P), ...get(E), GE_U, ...brIf(1), ...addToCell(cell(mode, 0)), ...advance(1), ...br(0), END, END);
  // i += 1
  body.push(...get(I), ...i32(1), ADD, ...set(I), ...br(0), END, END, END);
  const locals = vec([
    [...uleb(F - I + 1), I32],
    [1, V128],
  ]);
  const code = [...locals, ...body];
  return [...uleb(code.length), ...code];
}

/** Largest memory the module accepts (pages of 64 KiB): 4 GiB less one page, wasm32's limit. */
export const MAX_PAGES = 65535;

/**
 * partition(rows, scratch, col, b, start, end) → mid: stable partition of the uint32 row ids
 * rows[start..end) by col[row] ≤ b (col: one feature's uint8 bins, column-major), left rows first;
 * returns the split point. Branch-free: every row is stored to both sides and only the matching
 * cursor moves; the right side, gathered in `scratch`, is copied back after the left.
 */
function partitionBody(): number[] {
  const [ROWS_P, SCRATCH, COL, BIN, START_P, END_P] = [0, 1, 2, 3, 4, 5];
  const [IP, EP, W, S, R_, RIGHT] = [6, 7, 8, 9, 10, 11];
  const store32 = (off = 0) => [0x36, 2, ...uleb(off)];
  const SUB = 0x6b;
  const SHR_U = 0x76;
  const body: number[] = [];
  // IP = W = rows + 4·start; EP = rows + 4·end; S = scratch
  body.push(...get(ROWS_P), ...get(START_P), ...i32(2), SHL, ADD, ...tee(IP), ...set(W));
  body.push(...get(ROWS_P), ...get(END_P), ...i32(2), SHL, ADD, ...set(EP), ...get(SCRATCH), ...set(S));
  body.push(...BLOCK, ...LOOP, ...get(IP), ...get(EP), GE_U, ...brIf(1));
  body.push(...get(IP), ...load32(), ...set(R_));
  body.push(...get(W), ...get(R_), ...store32(), ...get(S), ...get(R_), ...store32());
  // RIGHT = (col[r] > b) × 4
  body.push(...get(COL), ...get(R_), ADD, ...load8(), ...get(BIN), GT_U, ...i32(2), SHL, ...set(RIGHT));
  body.push(...get(W), ...i32(4), ADD, ...get(RIGHT), SUB, ...set(W), ...get(S), ...get(RIGHT), ADD, ...set(S));
  body.push(...get(IP), ...i32(4), ADD, ...set(IP), ...br(0), END, END);
  // memory.copy(W, scratch, S − scratch)
  body.push(...get(W), ...get(SCRATCH), ...get(S), ...get(SCRATCH), SUB, 0xfc, ...uleb(10), 0, 0);
  // return (W − rows) / 4
  body.push(...get(W), ...get(ROWS_P), SUB, ...i32(2), SHR_U, END);
  const code = [...vec([[6, I32]]), ...body];
  return [...uleb(code.length), ...code];
}

const EXPORTS: Mode[] = ['idx', 'idxList', 'bins', 'binsList'];

/** The module's bytes: imports a shared memory of up to MAX_PAGES pages, exports the four kernels and partition. */
export function histKernelBytes(): Uint8Array<ArrayBuffer> {
  const params = Array<number>(10).fill(I32);
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    // Types: 0 = the kernels (10 × i32 → nothing), 1 = partition (6 × i32 → i32).
    ...section(1, vec([[0x60, ...uleb(params.length), ...params, 0], [0x60, 6, ...Array<number>(6).fill(I32), 1, I32]])),
    // Memory import: limits flag 3 = shared, with a maximum.
    ...section(2, vec([[...name('env'), ...name('mem'), 0x02, 0x03, ...uleb(1), ...uleb(MAX_PAGES)]])),
    ...section(3, vec([...EXPORTS.map(() => [0]), [1]])),
    ...section(7, vec([...EXPORTS.map((m, i) => [...name(m), 0x00, i]), [...name('partition'), 0x00, EXPORTS.length]])),
    ...section(10, vec([...EXPORTS.map(kernelBody), partitionBody()])),
  ];
  return new Uint8Array(bytes);
}

let compiled: WebAssembly.Module | null = null;

/** The compiled module (once per thread; a Module can also be posted to a worker). */
export function histKernelModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(histKernelBytes());
  return compiled;
}

export type KernelFn = (hist: number, src: number, off: number, gh: number, rows: number, start: number, end: number, d: number, fLoOrFeats: number, nF: number) => void;
export type PartitionFn = (rows: number, scratch: number, col: number, bin: number, start: number, end: number) => number;

export type HistKernel = Record<Mode, KernelFn> & { partition: PartitionFn };

/** Instantiates the kernel on `memory` (a shared WebAssembly.Memory). */
export function instantiateKernel(memory: WebAssembly.Memory, module: WebAssembly.Module = histKernelModule()): HistKernel {
  const e = new WebAssembly.Instance(module, { env: { mem: memory } }).exports;
  return {
    idx: e.idx as KernelFn,
    idxList: e.idxList as KernelFn,
    bins: e.bins as KernelFn,
    binsList: e.binsList as KernelFn,
    partition: e.partition as PartitionFn,
  };
}
