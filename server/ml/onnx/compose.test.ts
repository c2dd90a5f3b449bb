// A foreign model (input float [N, d] of transformed features) composed behind the spec's
// preprocessing: the composed graph on raw rows must agree with the foreign graph on the batch
// path's transformed rows, and models outside the contract are refused with the reason.
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { buildTable } from '../data/table';
import { extractInputs } from '../features/raw-inputs';
import { fitSpec } from '../features/fit';
import { parseFeatureSpec } from '../features/spec';
import { transformBatch } from '../features/transform';
import { ComposeError, foreignModelPart } from './compose';
import { exportModel } from './export-model';
import { attr, GraphBuilder } from './graph-builder';
import { rawFeeds } from './ort-feeds';
import { onnx } from './proto';
import { createCheckedSession } from './session';

const spec = parseFeatureSpec({
  version: 1,
  inputs: [
    { name: 'income', type: 'numeric', nullable: true },
    { name: 'region', type: 'categorical', nullable: true },
  ],
  features: [
    { input: 'income', transforms: [{ op: 'impute', strategy: 'median' }, { op: 'log1p' }, { op: 'standardize' }] },
    { input: 'region', transforms: [{ op: 'one_hot' }] },
  ],
});

const rows: (string | null)[][] = [];
for (let i = 0; i < 200; i++) rows.push([i % 13 === 0 ? null : String((i * 37) % 1000), ['north', 'south', 'east', null][i % 4], String(i % 2)]);
const table = buildTable(['income', 'region', 'y'], rows);
const raw = extractInputs(spec, table).inputs;
const fitted = fitSpec(spec, raw);
const X = transformBatch(fitted, raw);

/** A two-layer net, the kind torch.onnx.export writes: names with dots and slashes, a Relu. */
function foreign(d: number, opts: { opset?: number; inputType?: 'float' | 'double'; hidden?: number } = {}): Uint8Array {
  const h = opts.hidden ?? 4;
  const b = new GraphBuilder('torch_jit');
  const x = b.input('onnx::Gemm_0', opts.inputType ?? 'float', ['batch', d]);
  const w1 = b.floats('fc1.weight', Array.from({ length: d * h }, (_, k) => Math.sin(k + 1) / 2), [h, d]);
  const b1 = b.floats('fc1.bias', Array.from({ length: h }, (_, k) => k / 10 - 0.1), [h]);
  const z1 = b.op('Relu', [b.op('Gemm', [x, w1, b1], { transB: attr.int(1) }, { output: '/fc1/Gemm_output_0' })]);
  const w2 = b.floats('fc2.weight', Array.from({ length: h }, (_, k) => Math.cos(k) - 0.3), [1, h]);
  const b2 = b.floats('fc2.bias', [0.05], [1]);
  const p = b.op('Sigmoid', [b.op('Gemm', [z1, w2, b2], { transB: attr.int(1) })]);
  b.output(b.identity(p, 'output'), 'float', ['batch', 1]);
  const m = b.toModel();
  // useOpset only raises a version; an older exporter's opset is written directly.
  if (opts.opset) m.opsetImport = m.opsetImport.map((o) => (o.domain === '' ? onnx.OperatorSetIdProto.create({ domain: '', version: opts.opset }) : o));
  return onnx.ModelProto.encode(m).finish();
}

describe('foreign model composition', () => {
  it('composed graph on raw rows equals the foreign graph on transformed rows', async () => {
    const bytes = foreign(X.d);
    const composed = exportModel({ spec: fitted, part: foreignModelPart(bytes, 'command:test') });
    const cs = await createCheckedSession(composed);
    const fs = await createCheckedSession(bytes);
    const out = await cs.run(rawFeeds(fitted, raw, 0, raw.n));
    const ref = await fs.run({ 'onnx::Gemm_0': new ort.Tensor('float32', Float32Array.from(X.values), [X.n, X.d]) });
    const p = out.probability.data as Float32Array;
    const q = ref.output.data as Float32Array;
    expect(p).toHaveLength(X.n);
    let max = 0;
    for (let i = 0; i < X.n; i++) max = Math.max(max, Math.abs(p[i] - q[i]));
    expect(max).toBeLessThanOrEqual(1e-5);
    // Not a constant: the rows really differ, so agreement means something.
    expect(new Set(Array.from(q, (v) => v.toFixed(4))).size).toBeGreaterThan(5);
    await cs.release();
    await fs.release();
  });

  it('refuses a model whose feature count differs from the spec', () => {
    expect(() => exportModel({ spec: fitted, part: foreignModelPart(foreign(X.d + 1), 'x') })).toThrow(/takes 5 features per row; the feature spec produces 4/);
  });

  it('refuses another default opset, a double input, and bytes that are not ONNX', () => {
    expect(() => foreignModelPart(foreign(X.d, { opset: 13 }), 'x')).toThrow(/opset 13 .* export it with opset 17/);
    expect(() => foreignModelPart(foreign(X.d, { inputType: 'double' }), 'x')).toThrow(/must be tensor\(float\)/);
    expect(() => foreignModelPart(new TextEncoder().encode('not a model at all'), 'x')).toThrow(ComposeError);
  });

  it('refuses a model with two inputs', () => {
    const b = new GraphBuilder();
    const x = b.input('a', 'float', ['N', 2]);
    const y = b.input('b', 'float', ['N', 2]);
    b.output(b.op('ReduceSum', [b.op('Add', [x, y]), b.int64s('ax', [1])], { keepdims: attr.int(1) }), 'float', ['N', 1]);
    expect(() => foreignModelPart(b.toBytes(), 'x')).toThrow(/exactly one input .* a, b/);
  });
});
