import { describe, expect, it } from 'vitest';
import { constantOfShapeBomb, exfiltratingModel, tinyModel } from '../../../tests/helpers/hostile-onnx';
import { GraphBuilder, attr, ElemTypeCode } from './graph-builder';
import { checkModelSafety, MODEL_LIMITS, UnsafeModelError } from './model-safety';
import { onnx } from './proto';
import { createCheckedSession } from './session';

const AT = onnx.AttributeProto.AttributeType;
const int64 = (name: string, values: number[]) => ({ name, dataType: 7, dims: [values.length], int64Data: values });
const refused = (bytes: Uint8Array, re: RegExp) => expect(() => checkModelSafety(bytes)).toThrow(re);

describe('checkModelSafety', () => {
  it('accepts a model Vigil builds (initializers, ai.onnx.ml, string constants)', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'double', ['N', 2]);
    const s = b.input('s', 'string', ['N', 1]);
    const code = b.op('LabelEncoder', [s], { keys_strings: attr.strings(['a']), values_int64s: attr.ints([1]), default_int64: attr.int(0) }, { domain: 'ai.onnx.ml' });
    const z = b.op('Add', [b.op('MatMul', [x, b.doubles('w', [0.5, -2], [2, 1])]), b.op('Cast', [code], { to: attr.int(ElemTypeCode.double) })]);
    b.output(b.identity(z, 'probability'), 'double', ['N', 1]);
    expect(() => checkModelSafety(b.toBytes())).not.toThrow();
  });

  for (const where of ['initializer', 'constant', 'subgraph'] as const) {
    it(`refuses external data in a ${where}`, () => refused(exfiltratingModel('.env.local', 64, where), /external data at "\.env\.local"/));
  }

  it('refuses external data in a sparse initializer', () => {
    const bytes = onnx.ModelProto.encode({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      graph: { name: 'g', sparseInitializer: [{ dims: [4], values: { name: 'v', dataType: 11, dims: [1], dataLocation: 1, externalData: [{ key: 'location', value: '/etc/passwd' }] }, indices: int64('i', [0]) }] },
    }).finish();
    refused(bytes, /external data at "\/etc\/passwd"/);
  });

  it('refuses the ConstantOfShape [16384,16384] bomb, naming the node and the size', () => {
    expect(constantOfShapeBomb().byteLength).toBeLessThan(300);
    refused(constantOfShapeBomb(), /\(ConstantOfShape\) would hold 268435456 elements \(shape \[16384,16384\]\), over the limit of 33554432/);
    expect(() => checkModelSafety(constantOfShapeBomb(64, 64))).not.toThrow();
  });

  it('refuses size-making ops whose size is computed, and bounds constant ones', () => {
    const shapeOf = { opType: 'Shape', input: ['x'], output: ['sx'] };
    refused(tinyModel({ nodes: [shapeOf, { opType: 'Expand', input: ['x', 'sx'], output: ['probability'] }] }), /\(Expand\) takes its shape from a computed tensor 'sx'/);
    refused(tinyModel({ nodes: [{ opType: 'Tile', input: ['x', 'r'], output: ['probability'] }], initializer: [int64('r', [100_000, 1000])] }), /\(Tile\) would hold 100000000 elements/);
    refused(
      tinyModel({ nodes: [{ opType: 'Range', input: ['a', 'b', 'c'], output: ['r'] }, { opType: 'Identity', input: ['x'], output: ['probability'] }], initializer: [int64('a', [0]), int64('b', [1e9]), int64('c', [1])] }),
      /\(Range\) would hold 1000000000 elements/,
    );
    refused(tinyModel({ nodes: [{ opType: 'Resize', input: ['x', '', 's'], output: ['probability'] }], initializer: [{ name: 's', dataType: 1, dims: [2], floatData: [1, 1000] }] }), /scales its input by 1000/);
    refused(
      tinyModel({ nodes: [{ opType: 'Constant', output: ['k'], attribute: [{ name: 'value_ints', type: AT.INTS, ints: [50_000, 50_000] }] }, { opType: 'ConstantOfShape', input: ['k'], output: ['probability'] }] }),
      /\(ConstantOfShape\) would hold 2500000000 elements/,
    );
    expect(() => checkModelSafety(tinyModel({ nodes: [{ opType: 'Expand', input: ['x', 'e'], output: ['probability'] }], initializer: [int64('e', [1, 1])] }))).not.toThrow();
    const body = { name: 'body', node: [{ opType: 'Identity', input: ['c'], output: ['c_out'] }], input: [], output: [] };
    refused(
      tinyModel({ nodes: [{ opType: 'Loop', input: ['m', 'c'], output: ['probability'], attribute: [{ name: 'body', type: AT.GRAPH, g: body }] }], initializer: [int64('m', [1e12]), { name: 'c', dataType: 9, dims: [], int32Data: [1] }] }),
      /\(Loop\) runs 1000000000000 iterations, over the limit of 100000/,
    );
  });

  it('refuses huge declared shapes, other domains, newer opsets, local functions and too many nodes', () => {
    refused(tinyModel({ inputDims: [100_000, 100_000] }), /input 'x' would hold 10000000000 elements/);
    refused(tinyModel({ nodes: [{ opType: 'Evil', domain: 'com.example', input: ['x'], output: ['probability'] }], opsets: [['', 17], ['com.example', 1]] }), /opset domain 'com.example'/);
    refused(tinyModel({ nodes: [{ opType: 'Evil', domain: 'com.example', input: ['x'], output: ['probability'] }] }), /domain 'com.example'; only ai.onnx and ai.onnx.ml operators are served/);
    refused(tinyModel({ opsets: [['', 99]] }), /needs ai.onnx opset 99; at most 23 is served/);
    const withFunction = onnx.ModelProto.encode({ ...onnx.ModelProto.decode(tinyModel()), functions: [{ name: 'f', domain: 'local' }] }).finish();
    refused(withFunction, /local functions \(f\)/);
    const many = tinyModel({ nodes: Array.from({ length: 11 }, (_, i) => ({ opType: 'Identity', input: [i ? `t${i - 1}` : 'x'], output: [i === 10 ? 'probability' : `t${i}`] })) });
    expect(() => checkModelSafety(many, { ...MODEL_LIMITS, maxNodes: 10 })).toThrow(/more than 10 nodes/);
    expect(() => checkModelSafety(Uint8Array.from([1, 2, 3, 255]))).toThrow(UnsafeModelError);
  });

  it('is the gate of every session: createCheckedSession refuses before onnxruntime reads a byte', async () => {
    await expect(createCheckedSession(exfiltratingModel('.env.local', 64))).rejects.toThrow(/external data/);
    await expect(createCheckedSession(constantOfShapeBomb())).rejects.toThrow(/268435456 elements/);
    const ok = await createCheckedSession(tinyModel());
    await ok.release();
  });
});
