// Deterministic samples for the drift tests, bit-identical to tests/reference/drift_rng.py
// (mulberry32; only +, * and floor on exactly representable values), so fixtures can name
// large samples by a spec instead of storing them.

export interface SampleSpec {
  seed: number;
  n: number;
  shift: number;
  scale: number;
  /** When > 0, values are floor(v·ties)/ties, producing many ties. */
  ties?: number;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a) >>> 0;
    t = (((t + Math.imul(t ^ (t >>> 7), 61 | t)) >>> 0) ^ t) >>> 0;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sample(spec: SampleSpec): Float64Array {
  const next = mulberry32(spec.seed);
  const out = new Float64Array(spec.n);
  for (let i = 0; i < spec.n; i++) {
    const s = next() + next() + next() + next();
    let v = s * spec.scale + spec.shift;
    if (spec.ties) v = Math.floor(v * spec.ties) / spec.ties;
    out[i] = v;
  }
  return out;
}
