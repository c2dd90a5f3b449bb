import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { GraphBuilder, attr, ElemTypeCode } from './graph-builder';
import { onnx } from './proto';

describe('GraphBuilder', () => {
  function affine(): GraphBuilder {
    const b = new GraphBuilder();
    const x = b.input('x', 'double', ['N', 2]);
    const w = b.doubles('w', [0.5, -2], [2, 1]);
    const z = b.op('Add', [b.op('MatMul', [x, w]), b.doubles('c', [0.25])]);
    const f = b.op('Cast', [z], { to: attr.int(ElemTypeCode.float) });
    b.output(b.identity(f, 'y'), 'float', ['N', 1]);
    b.setMetadata('k', 'v');
    return b;
  }

  it('builds a graph onnxruntime runs, with exact double initializers', async () => {
    const bytes = affine().toBytes();
    const s = await ort.InferenceSession.create(bytes);
    const out = await s.run({ x: new ort.Tensor('float64', Float64Array.from([1, 2, -3, 0.5]), [2, 2]) });
    expect(Array.from(out.y.data as Float32Array)).toEqual([Math.fround(0.5 - 4 + 0.25), Math.fround(-1.5 - 1 + 0.25)]);
  });

  it('is deterministic and names things stably', () => {
    const a = affine().toBytes();
    const b = affine().toBytes();
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const m = onnx.ModelProto.decode(a);
    expect(m.graph!.node!.map((n) => n.name)).toEqual(['MatMul_0', 'Add_1', 'Cast_2', 'Identity_3']);
    expect(m.graph!.initializer!.map((t) => t.name)).toEqual(['w_0', 'c_0']);
    expect(m.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 17], ['ai.onnx.ml', 3]]);
    expect(m.metadataProps.map((p) => [p.key, p.value])).toEqual([['k', 'v']]);
  });

  it('rejects undefined inputs and duplicate names where the mistake is made', () => {
    const b = new GraphBuilder();
    b.input('x', 'double', ['N', 1]);
    expect(() => b.op('Neg', ['nope'])).toThrow(/'nope' is not defined/);
    expect(() => b.input('x', 'double', [1])).toThrow(/already used/);
    expect(() => b.output('missing', 'float', [1])).toThrow(/not produced/);
    expect(() => b.doubles('w', [1, 2, 3], [2, 2])).toThrow(/hold 4 values, got 3/);
  });

  it('encodes string attributes and string constants', async () => {
    // Opset 17 has no string Equal, so categories go through ai.onnx.ml LabelEncoder.
    const b = new GraphBuilder();
    const x = b.input('s', 'string', ['N', 1]);
    const code = b.op('LabelEncoder', [x], {
      keys_strings: attr.strings(['a', 'b']),
      values_int64s: attr.ints([0, 1]),
      default_int64: attr.int(-1),
    }, { domain: 'ai.onnx.ml' });
    const eq = b.op('Equal', [code, b.int64s('idx', [0, 1], [1, 2])]);
    b.output(b.identity(b.op('Cast', [eq], { to: attr.int(ElemTypeCode.double) }), 'oh'), 'double', ['N', 2]);
    b.output(b.identity(b.strings('names', ['é', '']), 'names'), 'string', [2]);
    const s = await ort.InferenceSession.create(b.toBytes());
    const out = await s.run({ s: new ort.Tensor('string', ['b', 'z', 'a'], [3, 1]) });
    expect(Array.from(out.oh.data as Float64Array)).toEqual([0, 1, 0, 0, 1, 0]);
    expect(out.names.data).toEqual(['é', '']);
  });
});
