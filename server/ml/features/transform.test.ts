import { describe, expect, it } from 'vitest';
import { buildTable } from '../data/table';
import { deriveSpec } from './derive';
import { fitSpec } from './fit';
import { extractInputs, InvalidRowError } from './raw-inputs';
import { parseFeatureSpec } from './spec';
import { transformBatch } from './transform';

const table = buildTable(
  ['age', 'income', 'region', 'y'],
  [
    ['1', '10', 'n', '0'],
    [null, '20', 's', '1'],
    ['3', '30', null, '0'],
    ['7', '40', 'n', '1'],
  ],
);

const spec = parseFeatureSpec({
  version: 1,
  inputs: [
    { name: 'age', type: 'numeric', nullable: true },
    { name: 'income', type: 'numeric', nullable: false },
    { name: 'region', type: 'categorical', nullable: true },
  ],
  features: [
    { input: 'age', transforms: [{ op: 'impute', strategy: 'median' }, { op: 'log1p' }, { op: 'standardize' }] },
    { input: 'income', transforms: [{ op: 'clip', max: 35 }, { op: 'bucketize', boundaries: [15, 30] }] },
    { input: 'income', name: 'inc_q', transforms: [{ op: 'bucketize', n_buckets: 2, encoding: 'ordinal' }] },
    { input: 'age', name: 'age_mean', transforms: [{ op: 'impute', strategy: 'mean' }, { op: 'clip', min: 2 }] },
    { input: 'region', transforms: [{ op: 'one_hot', max_categories: 1 }] },
  ],
});

describe('fit + batch transform', () => {
  const raw = extractInputs(spec, table).inputs;
  const fitted = fitSpec(spec, raw);
  const X = transformBatch(fitted, raw);

  it('fits the statistics (hand-computed)', () => {
    const ln2 = Math.log(2);
    expect(fitted.features[0].transforms[0]).toEqual({ op: 'impute', strategy: 'median', value: 3 });
    const std = fitted.features[0].transforms[2] as { mean: number; std: number };
    // After impute and log1p the values are ln2·[1, 2, 2, 3]: mean 2·ln2, population std ln2/√2.
    expect(std.mean).toBeCloseTo(2 * ln2, 14);
    expect(Math.abs(std.std - ln2 / Math.SQRT2) / (ln2 / Math.SQRT2)).toBeLessThan(1e-12);
    // Median of [10, 20, 30, 40] (numpy's linear interpolation) is 25.
    expect(fitted.features[2].transforms[0]).toMatchObject({ boundaries: [25], encoding: 'ordinal' });
    expect(fitted.features[3].transforms[0]).toMatchObject({ value: 11 / 3 });
    // 'n' appears twice, 's' once: the cap of 1 keeps 'n'.
    expect(fitted.features[4].transforms[0]).toEqual({ op: 'one_hot', max_categories: 1, categories: ['n'] });
  });

  it('computes the feature matrix (hand-computed)', () => {
    expect(X.featureNames).toEqual([
      'age__log1p__std',
      'income__clip__bucket=0',
      'income__clip__bucket=1',
      'income__clip__bucket=2',
      'inc_q',
      'age_mean',
      'region=n',
    ]);
    const r2 = Math.SQRT2;
    const expected = [
      [-r2, 1, 0, 0, 0, 2, 1],
      [0, 0, 1, 0, 0, 11 / 3, 0],
      [0, 0, 0, 1, 1, 3, 0],
      [r2, 0, 0, 1, 1, 7, 1],
    ];
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < X.d; j++) {
        expect(Math.abs(X.values[i * X.d + j] - expected[i][j])).toBeLessThan(1e-12 * Math.max(1, Math.abs(expected[i][j])));
      }
    }
  });

  it('treats unknown and missing categories as all zeros', () => {
    const t2 = buildTable(['age', 'income', 'region'], [['1', '1', 'zzz']]);
    const X2 = transformBatch(fitted, extractInputs(fitted, t2).inputs);
    expect(X2.values[6]).toBe(0);
  });
});

describe('extractInputs', () => {
  it('names row and column of a missing non-nullable value', () => {
    const t = buildTable(['age', 'income', 'region'], [['1', '1', 'n'], ['2', null, 'n']]);
    expect(() => extractInputs(spec, t)).toThrow(InvalidRowError);
    expect(() => extractInputs(spec, t)).toThrow(/row 2 \(line 3\), column 'income': missing value/);
    const r = extractInputs(spec, t, { skipInvalid: true });
    expect(r.inputs.n).toBe(1);
    expect(r.skipped.map((s) => [s.row, s.column])).toEqual([[1, 'income']]);
  });

  it('rejects a non-number in a numeric input and reads categorical cells as strings', () => {
    const t = buildTable(['age', 'income', 'region'], [['x', '1', '007']]);
    expect(() => extractInputs(spec, t)).toThrow(/column 'age': expected a number, got "x"/);
    const t2 = buildTable(['age', 'income', 'region'], [['1', '1', '007']]);
    expect(extractInputs(spec, t2).inputs.columns.get('region')).toEqual(['007']);
  });
});

describe('deriveSpec', () => {
  it('imputes only nullable numeric columns, standardizes, one-hots categoricals, skips the target', () => {
    const s = deriveSpec(table, 'y');
    expect(s.inputs).toEqual([
      { name: 'age', type: 'numeric', nullable: true },
      { name: 'income', type: 'numeric', nullable: false },
      { name: 'region', type: 'categorical', nullable: true },
    ]);
    expect(s.features.map((f) => f.transforms.map((t) => t.op))).toEqual([['impute', 'standardize'], ['standardize'], ['one_hot']]);
    expect(parseFeatureSpec(s)).toEqual(s);
  });
});
