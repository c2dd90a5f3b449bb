// Parity on a generated data set exercising every transform kind, missing values and unknown
// categories: the exported graph's `features` and `probability` must equal the batch path's.
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { buildTable, type Table } from '../data/table';
import { extractInputs } from '../features/raw-inputs';
import { fitSpec } from '../features/fit';
import { parseFeatureSpec } from '../features/spec';
import { transformBatch } from '../features/transform';
import { exportModel } from './export-model';
import { logregPart } from './logreg-part';
import { checkParity, ParityError } from './parity';
import { rawFeeds } from './ort-feeds';

/** A tiny LCG so the data set is fixed without Math.random. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function generate(n: number, seed: number, cats: string[]): Table {
  const r = lcg(seed);
  const rows: (string | null)[][] = [];
  for (let i = 0; i < n; i++) {
    const income = r() < 0.15 ? null : String(Math.round(Math.exp(r() * 10) * 100) / 100);
    const age = String(18 + Math.floor(r() * 70));
    const score = r() < 0.1 ? null : (r() * 4 - 2).toFixed(6);
    const region = r() < 0.1 ? null : cats[Math.floor(r() * cats.length)];
    rows.push([income, age, score, region, r() < 0.4 ? '1' : '0']);
  }
  return buildTable(['income', 'age', 'score', 'region', 'y'], rows);
}

const spec = parseFeatureSpec({
  version: 1,
  inputs: [
    { name: 'income', type: 'numeric', nullable: true },
    { name: 'age', type: 'numeric', nullable: false },
    { name: 'score', type: 'numeric', nullable: true },
    { name: 'region', type: 'categorical', nullable: true },
  ],
  features: [
    { input: 'income', transforms: [{ op: 'impute', strategy: 'median' }, { op: 'clip', min: 1, max: 15000 }, { op: 'log1p' }, { op: 'standardize' }] },
    { input: 'age', transforms: [{ op: 'bucketize', boundaries: [25, 40, 65] }] },
    { input: 'age', name: 'age_q', transforms: [{ op: 'standardize' }, { op: 'bucketize', n_buckets: 4, encoding: 'ordinal' }] },
    { input: 'score', transforms: [{ op: 'impute', strategy: 'mean' }, { op: 'clip', min: -1.5 }, { op: 'standardize' }] },
    { input: 'score', name: 'score_c', transforms: [{ op: 'impute', strategy: 'constant', value: -9 }] },
    { input: 'region', transforms: [{ op: 'one_hot', max_categories: 4 }] },
  ],
});

describe('ONNX preprocessing parity', () => {
  const train = generate(600, 7, ['north', 'south', 'east', 'west', 'centre', 'islands']);
  const raw = extractInputs(spec, train).inputs;
  const fitted = fitSpec(spec, raw);
  const X = transformBatch(fitted, raw);
  const coef = Float64Array.from({ length: X.d }, (_, j) => ((j * 7) % 5) / 4 - 0.5);
  const part = logregPart(coef, -0.3);
  const bytes = exportModel({ spec: fitted, part });
  const prob = (M: typeof X) =>
    Float64Array.from({ length: M.n }, (_, i) => {
      let z = -0.3;
      for (let j = 0; j < M.d; j++) z += M.values[i * M.d + j] * coef[j];
      return 1 / (1 + Math.exp(-z));
    });

  it('agrees on the training rows within 1e-6', async () => {
    expect(X.d).toBe(1 + 4 + 1 + 1 + 1 + 4);
    const r = await checkParity({ onnxBytes: bytes, spec: fitted, raw, features: X, probability: prob(X), chunkRows: 256 });
    expect(r.rows).toBe(600);
    expect(r.max_abs_feature_diff).toBeLessThanOrEqual(1e-12);
    expect(r.max_abs_probability_diff).toBeLessThan(1e-6);
  });

  it('agrees on unseen rows with unknown categories and missing values', async () => {
    const serve = generate(300, 99, ['north', 'atlantis', 'south', 'mars']);
    const raw2 = extractInputs(fitted, serve).inputs;
    const X2 = transformBatch(fitted, raw2);
    const r = await checkParity({ onnxBytes: bytes, spec: fitted, raw: raw2, features: X2, probability: prob(X2) });
    expect(r.max_abs_feature_diff).toBeLessThanOrEqual(1e-12);
    // Unknown categories really are all zeros in the graph, not just in the batch path.
    const s = await ort.InferenceSession.create(bytes);
    const out = await s.run(rawFeeds(fitted, raw2, 0, raw2.n));
    const f = out.features.data as Float64Array;
    const regions = raw2.columns.get('region') as (string | null)[];
    const i = regions.findIndex((v) => v === 'atlantis');
    expect(Array.from(f.slice(i * X.d + X.d - 4, (i + 1) * X.d))).toEqual([0, 0, 0, 0]);
  });

  it('throws ParityError when the two paths disagree', async () => {
    const bad = { ...X, values: X.values.slice() };
    bad.values[5 * X.d + 2] += 1e-5;
    await expect(checkParity({ onnxBytes: bytes, spec: fitted, raw, features: bad, probability: prob(X) })).rejects.toThrow(ParityError);
    await expect(checkParity({ onnxBytes: bytes, spec: fitted, raw, features: bad, probability: prob(X) })).rejects.toThrow(/row 6, feature 'age__bucket=1'/);
  });

  it('exports identical bytes for identical inputs and stores the spec in metadata', () => {
    const again = exportModel({ spec: fitSpec(spec, raw), part: logregPart(coef, -0.3) });
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
  });
});
