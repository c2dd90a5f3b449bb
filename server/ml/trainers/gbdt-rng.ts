// Seeded PRNG for row/feature sampling: mulberry32, a 32-bit state generator that is fast, fully
// determined by the seed and identical on every platform (no Math.random anywhere in training).

export type Rng = () => number;

/** Uniform numbers in [0, 1) from a seed (any finite number; reduced to 32 bits). */
export function mulberry32(seed: number): Rng {
  let a = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** k distinct indices from 0..d−1 (partial Fisher–Yates), returned ascending. */
export function sampleFeatures(d: number, k: number, rng: Rng): Int32Array {
  const idx = Int32Array.from({ length: d }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (d - i));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx.slice(0, k).sort();
}
