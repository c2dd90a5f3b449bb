import { describe, expect, it } from 'vitest';
import { binFeatures } from './gbdt-binning';
import { accumulate, fitsTripleIndex, histLayout, TRIPLE, type HistLayout } from './gbdt-histogram';
import { allocHistMemory, runUnit, type HistMemory } from './gbdt-hist-memory';
import { mulberry32 } from './gbdt-rng';
import { growTree, newHistPool } from './gbdt-tree';
import { histKernelBytes } from './gbdt-wasm';

/** n × d values: continuous, a few integer-valued and binary columns, some NaN. */
function data(n: number, d: number, seed: number): { values: Float64Array; gh: Float64Array } {
  const r = mulberry32(seed);
  const values = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < d; f++) {
      const v = f % 4 === 0 ? Math.floor(r() * 3) : f % 4 === 1 ? Math.floor(r() * 40) : r() * 100 - 50;
      values[i * d + f] = r() < 0.03 ? Number.NaN : v;
    }
  }
  const gh = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const p = r();
    gh[2 * i] = p - (r() < 0.3 ? 1 : 0);
    gh[2 * i + 1] = p * (1 - p);
  }
  return { values, gh };
}

function setup(n: number, d: number, seed: number): { bins: Uint8Array; layout: HistLayout; gh: Float64Array; mem: HistMemory; cuts: Float32Array[] } {
  const { values, gh } = data(n, d, seed);
  const fb = binFeatures(values, n, d, 255);
  const layout = histLayout(fb.cuts.map((c) => c.length + 1));
  const mem = allocHistMemory(fb.bins, n, d, layout);
  if (!mem) throw new Error('no kernel memory');
  mem.ghView.set(gh);
  return { bins: fb.bins, layout, gh, mem, cuts: fb.cuts };
}

const sameBits = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('gbdt WebAssembly kernel', () => {
  it('is a valid module', () => {
    expect(WebAssembly.validate(histKernelBytes())).toBe(true);
  });

  // 8 features fit 16-bit cell indices; 200 (over 21,845 bins) do not: the uint8-bins kernels.
  for (const [d, idxMode] of [
    [8, true],
    [200, false],
  ] as const) {
    it(`sums every histogram cell like the JavaScript reference, bit for bit (${idxMode ? '16-bit cell indices' : 'uint8 bins'})`, () => {
      const n = 1500;
      const { bins, layout, gh, mem } = setup(n, d, d);
      expect(fitsTripleIndex(layout)).toBe(idxMode);
      expect(mem.idxMode).toBe(idxMode);
      const r = mulberry32(3);
      // An ascending subset of rows, as a node holds them.
      const rows = Uint32Array.from({ length: n }, (_, i) => i).filter(() => r() < 0.6);
      mem.rowsView.set(rows);
      const all = Int32Array.from({ length: d }, (_, i) => i);
      const sampled = all.filter(() => r() < 0.5);
      for (const feats of [all, sampled]) {
        mem.featList.set(feats);
        // Whole feature list, and a block of it (what one thread builds).
        for (const [jLo, jHi] of [
          [0, feats.length],
          [1, Math.max(1, feats.length - 2)],
        ]) {
          const want = new Float64Array(layout.total * TRIPLE);
          accumulate(want, bins, null, d, layout.off3, layout.nb3, feats, jLo, jHi, rows, 3, rows.length - 5, gh);
          // Dirty slot: runUnit must zero the block's cells itself.
          const slot = mem.f64.subarray(mem.arena / 8, mem.arena / 8 + mem.slotSize);
          slot.fill(7);
          runUnit(mem, 0, jLo, jHi, 3, rows.length - 5);
          const got = new Float64Array(slot);
          // Cells outside the block keep the 7s; compare the block's cells.
          for (let j = 0; j < feats.length; j++) {
            const a = layout.off3[feats[j]];
            const b = a + layout.nb3[feats[j]];
            if (j < jLo || j >= jHi) expect(got.subarray(a, b).every((v) => v === 7)).toBe(true);
            else expect(sameBits(got.subarray(a, b), want.subarray(a, b))).toBe(true);
          }
        }
      }
    });
  }

  it('partitions rows like the JavaScript partition (stable, left = bin ≤ b)', () => {
    const n = 3000;
    const d = 5;
    const { bins, mem } = setup(n, d, 9);
    const rows = Uint32Array.from({ length: n }, (_, i) => (i * 7919) % n);
    for (const [f, b, start, end] of [
      [0, 0, 0, n],
      [1, 17, 100, 2900],
      [2, 254, 5, 6],
      [3, 0, 10, 10],
    ]) {
      mem.rowsView.set(rows);
      const mid = mem.kernel.partition(mem.rows, mem.scratch, mem.cols + f * n, b, start, end);
      const span = Array.from(rows.subarray(start, end));
      const left = span.filter((r) => bins[r * d + f] <= b);
      const right = span.filter((r) => bins[r * d + f] > b);
      expect(mid).toBe(start + left.length);
      expect(Array.from(mem.rowsView.subarray(start, end))).toEqual([...left, ...right]);
      expect(Array.from(mem.rowsView.subarray(0, start))).toEqual(Array.from(rows.subarray(0, start)));
      expect(Array.from(mem.rowsView.subarray(end))).toEqual(Array.from(rows.subarray(end)));
    }
  });

  it('grows the same tree as the JavaScript kernel, with and without column sampling', () => {
    for (const d of [8, 200]) {
      const n = 2000;
      const { bins, layout, gh, cuts } = setup(n, d, 100 + d);
      const every = Int32Array.from({ length: d }, (_, i) => i);
      for (const feats of [every, every.filter((f) => f % 3 !== 1)]) {
        const grown = (kernel: 'wasm' | 'js') => {
          const rows = Uint32Array.from({ length: n }, (_, i) => i).filter((r) => r % 5 !== 0);
          const g = growTree({
            bins, d, cuts, layout, feats, gh, rows, nRows: rows.length, scratch: new Uint32Array(n),
            maxDepth: 5, minLeaf: 5, lambda: 1, learningRate: 0.3, pool: newHistPool(layout, { kernel }),
          });
          return JSON.stringify({ g, rows: Array.from(rows) });
        };
        const wasm = grown('wasm');
        expect(JSON.parse(wasm).g.tree.feature.length).toBeGreaterThan(7);
        expect(wasm).toBe(grown('js'));
      }
    }
  });

  it('declines a memory beyond wasm32 (the caller falls back to the JavaScript kernel)', () => {
    const layout = histLayout([255, 255]);
    expect(allocHistMemory(new Uint8Array(4), 2 ** 31, 2, layout)).toBeNull();
  });
});
