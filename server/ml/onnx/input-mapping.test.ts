// Input mapping (./input-mapping.ts): models exported as PyTorch / skl2onnx write them, rewritten
// to take raw columns and give `probability`; the result must read as a normal column model,
// agree with the uploaded graph (parity) and with the probability computed by hand, and every
// mapping that does not fit the model is refused naming why.
import { describe, expect, it } from 'vitest';
import { sklearnLogreg, softmaxTwoColumn, torchMlp, type ForeignFixture } from '@/tests/helpers/foreign-onnx';
import { buildTable } from '../data/table';
import { fitSpec } from '../features/fit';
import { extractInputs } from '../features/raw-inputs';
import { applyInputMapping, columnsSpec, INPUT_MAPPING_LIMITS, InputMappingError, mappingSpec, parseInputMapping } from './input-mapping';
import { mappingParity, syntheticRows } from './mapping-parity';
import { rawFeeds } from './ort-feeds';
import { createCheckedSession } from './session';
import { readSignature } from './signature';
import { exportModel } from './export-model';
import { logregPart } from './logreg-part';

const cols = ['age', 'income', 'tenure'];

async function scoreRaw(bytes: Uint8Array, rows: number[][]): Promise<number[]> {
  const spec = columnsSpec(cols);
  const raw = { n: rows.length, columns: new Map(cols.map((c, j) => [c, Float64Array.from(rows, (r) => r[j])])) };
  const s = await createCheckedSession(bytes);
  try {
    return Array.from((await s.run(rawFeeds(spec, raw, 0, raw.n))).probability.data as Float32Array);
  } finally {
    await s.release();
  }
}

const rows = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
  [2.5, -1, 3],
  [-3, 2, 0.5],
];

describe.each<[string, () => ForeignFixture, string]>([
  ['PyTorch MLP, [N,1] output', () => torchMlp(3), 'output'],
  ['Softmax [N,2] output, opset 15', () => softmaxTwoColumn(3), 'probs'],
  ['scikit-learn label + ZipMap probabilities, opset 13 / ml 1', () => sklearnLogreg(3), 'probabilities'],
])('%s', (_name, make, from) => {
  const f = make();
  const mapping = parseInputMapping({ columns: cols });
  const m = applyInputMapping(f.bytes, mapping, mappingSpec(mapping));

  it('reads as a column model with a probability output', () => {
    const sig = readSignature(m.bytes);
    expect(sig.inputs).toMatchObject({ kind: 'columns', inputs: cols.map((name) => ({ name, elem: 'double', rank: 2, spec: { nullable: false } })) });
    expect(sig.output).toEqual({ task: 'binary', name: 'probability', column: 0, width: 1 });
    expect(m.score.from).toContain(from);
  });

  it('scores raw columns as the exported model scores the features in that order', async () => {
    const got = await scoreRaw(m.bytes, rows);
    rows.forEach((r, i) => expect(got[i]).toBeCloseTo(f.predict(r), 5));
    // The rows really differ, and swapping two columns changes the scores: order is honoured.
    expect(new Set(got.map((v) => v.toFixed(4))).size).toBe(rows.length);
    const swapped = applyInputMapping(f.bytes, parseInputMapping({ columns: ['income', 'age', 'tenure'] }), columnsSpec(['income', 'age', 'tenure']));
    expect(await scoreRaw(swapped.bytes, rows)).not.toEqual(got);
  });

  it('fails the parity check when the rewritten graph does not mean what the mapping says', async () => {
    // The graph of another column order checked against this mapping's reference: must be caught.
    const wrong = applyInputMapping(f.bytes, parseInputMapping({ columns: ['income', 'age', 'tenure'] }), columnsSpec(['income', 'age', 'tenure']));
    const parity = await mappingParity({ ...m, bytes: wrong.bytes }, columnsSpec(cols), syntheticRows(columnsSpec(cols)));
    expect(parity.firstMismatch).not.toBeNull();
    expect(parity.maxAbsDiff).toBeGreaterThan(1e-3);
  });

  it('passes the parity check against the uploaded graph', async () => {
    const parity = await mappingParity(m, columnsSpec(cols), syntheticRows(columnsSpec(cols)));
    expect(parity.rows).toBe(64);
    expect(parity.firstMismatch).toBeNull();
    expect(parity.maxAbsDiff).toBeLessThanOrEqual(1e-5);
  });
});

describe('a feature spec composed in front of an uploaded graph', () => {
  const spec = parseInputMapping({
    featureSpec: {
      version: 1,
      inputs: [
        { name: 'income', type: 'numeric', nullable: true },
        { name: 'region', type: 'categorical', nullable: true },
      ],
      features: [
        { input: 'income', transforms: [{ op: 'impute', strategy: 'median' }, { op: 'log1p' }, { op: 'standardize' }] },
        { input: 'region', transforms: [{ op: 'one_hot' }] },
      ],
    },
  });
  const data: (string | null)[][] = [];
  for (let i = 0; i < 120; i++) data.push([i % 11 === 0 ? null : String((i * 37) % 900), ['north', 'south', null][i % 3]]);
  const table = buildTable(['income', 'region'], data);
  const raw = extractInputs(mappingSpec(spec), table).inputs;
  const fitted = fitSpec(mappingSpec(spec), raw);

  it('takes raw (nullable, categorical) columns and agrees with the graph on the transformed rows', async () => {
    const f = torchMlp(3); // income + 2 regions
    const m = applyInputMapping(f.bytes, spec, fitted);
    expect(readSignature(m.bytes).inputs).toMatchObject({ kind: 'columns', inputs: [{ name: 'income', elem: 'double', spec: { nullable: true } }, { name: 'region', elem: 'string' }] });
    const parity = await mappingParity(m, fitted, raw);
    expect(parity).toMatchObject({ rows: 120, firstMismatch: null });
    expect(parity.maxAbsDiff).toBeLessThanOrEqual(1e-5);
  });

  it('refuses a graph whose width differs from the spec', () => {
    expect(() => applyInputMapping(torchMlp(4).bytes, spec, fitted)).toThrow(/the feature spec produces 3 features, but the model's input 'input' is \[N, 4\]/);
  });
});

describe('refusals', () => {
  const refuse = (fn: () => unknown, re: RegExp) => {
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputMappingError);
    expect((err as Error).message).toMatch(re);
  };

  it('a column named twice, no columns, a blank or non-string name, an unknown key, not JSON', () => {
    refuse(() => parseInputMapping({ columns: ['a', 'b', 'a'] }), /columns\[2\]: 'a' is named twice \(also columns\[0\]\)/);
    refuse(() => parseInputMapping({ columns: [] }), /columns: must name at least one column/);
    refuse(() => parseInputMapping({ columns: ['a', ' '] }), /columns\[1\]: must be a non-empty name/);
    refuse(() => parseInputMapping({ columns: ['a', 3] }), /columns\[1\]/);
    refuse(() => parseInputMapping({ columns: ['a'], dtype: 'float16' }), /dtype/);
    refuse(() => parseInputMapping({ tensor: 'x' }), /must be \{"columns"/);
    refuse(() => parseInputMapping('{"columns": [a]}'), /not JSON/);
    refuse(() => parseInputMapping({ featureSpec: { version: 1, inputs: [{ name: 'a', type: 'text', nullable: false }], features: [] } }), /featureSpec: feature spec: inputs\[0\]/);
  });

  it('an oversized mapping: too many columns, too much JSON', () => {
    refuse(() => parseInputMapping({ columns: Array.from({ length: INPUT_MAPPING_LIMITS.maxColumns + 1 }, (_, i) => `c${i}`) }), /at most 1000 columns/);
    refuse(() => parseInputMapping(JSON.stringify({ columns: ['x'.repeat(INPUT_MAPPING_LIMITS.maxJsonChars)] })), /the limit is 262144/);
  });

  it('a column count that differs from the tensor width', () => {
    refuse(() => applyInputMapping(torchMlp(4).bytes, parseInputMapping({ columns: cols }), columnsSpec(cols)), /the mapping names 3 columns, but the model's input 'input' is \[N, 4\]/);
  });

  it('a non-float tensor input', () => {
    refuse(() => applyInputMapping(torchMlp(3, { inputType: 'int64' }).bytes, parseInputMapping({ columns: cols }), columnsSpec(cols)), /input 'input' is tensor\(int64\); a mapping feeds a float or double tensor/);
  });

  it('a model that already takes raw columns', () => {
    const vigil = exportModel({ spec: columnsSpec(['a', 'b']), part: logregPart(Float64Array.from([1, 2]), 0) });
    refuse(() => applyInputMapping(vigil, parseInputMapping({ columns: ['a', 'b'] }), columnsSpec(['a', 'b'])), /already takes raw columns/);
  });

  it('an opset older than a mapping needs, and a column named like a tensor inside the model', async () => {
    // Opset 11 takes a column list (Concat/Cast), and scores right; a feature spec needs 13.
    const old = torchMlp(3, { opset: 11 });
    const m = applyInputMapping(old.bytes, parseInputMapping({ columns: cols }), columnsSpec(cols));
    expect((await scoreRaw(m.bytes, rows))[3]).toBeCloseTo(old.predict(rows[3]), 5);
    const spec = parseInputMapping({ featureSpec: { version: 1, inputs: [{ name: 'a', type: 'numeric', nullable: false }], features: [{ input: 'a', transforms: [] }] } });
    refuse(() => applyInputMapping(torchMlp(1, { opset: 11 }).bytes, spec, mappingSpec(spec)), /opset 11 .* a feature-spec mapping needs 13 or later/);
    refuse(() => applyInputMapping(torchMlp(3, { opset: 6 }).bytes, parseInputMapping({ columns: cols }), columnsSpec(cols)), /opset 6 .* a column mapping needs 7 or later/);
    refuse(() => applyInputMapping(torchMlp(3).bytes, parseInputMapping({ columns: ['/fc1/Gemm_output_0', 'b', 'c'] }), columnsSpec(['/fc1/Gemm_output_0', 'b', 'c'])), /column '\/fc1\/Gemm_output_0' is also a tensor name inside the model/);
  });

  it('a multiclass ZipMap', () => {
    refuse(() => applyInputMapping(sklearnLogreg(3, [0, 1, 2]).bytes, parseInputMapping({ columns: cols }), columnsSpec(cols)), /ZipMap output lists 3 classes/);
  });
});
