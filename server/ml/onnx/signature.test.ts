import { describe, expect, it } from 'vitest';
import { GraphBuilder } from './graph-builder';
import { readSignature, SignatureError } from './signature';

describe('readSignature', () => {
  it('reads one-input-per-column models without a spec as non-nullable, and an [N,2] probability output', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float', ['N', 1]);
    const s = b.input('s', 'string', ['N', 1]);
    const p = b.op('Concat', [b.op('Sigmoid', [b.op('Neg', [x])]), b.op('Sigmoid', [x])], undefined);
    b.output(b.identity(p, 'probabilities'), 'float', ['N', 2]);
    b.output(b.identity(s, 'echo'), 'string', ['N', 1]);
    const sig = readSignature(b.toBytes());
    expect(sig.spec).toBeNull();
    expect(sig.inputs).toEqual({
      kind: 'columns',
      inputs: [
        { name: 'x', elem: 'float', rank: 2, spec: { name: 'x', type: 'numeric', nullable: false } },
        { name: 's', elem: 'string', rank: 2, spec: { name: 's', type: 'categorical', nullable: false } },
      ],
    });
    expect(sig.output).toEqual({ task: 'binary', name: 'probabilities', column: 1, width: 2 });
  });

  it('reads a single [N,d] input as a matrix', () => {
    const b = new GraphBuilder();
    const x = b.input('X', 'double', ['N', 3]);
    b.output(b.op('ReduceSum', [x, b.int64s('ax', [1])], undefined, { output: 'score' }), 'double', ['N', 1]);
    expect(readSignature(b.toBytes())).toMatchObject({ inputs: { kind: 'matrix', name: 'X', elem: 'double', d: 3 }, output: { name: 'score', column: 0 } });
  });

  it('refuses an ambiguous output', () => {
    const b = new GraphBuilder();
    const x = b.input('X', 'float', ['N', 2]);
    b.output(b.identity(x, 'a'), 'float', ['N', 2]);
    b.output(b.op('Neg', [x], undefined, { output: 'b' }), 'float', ['N', 2]);
    expect(() => readSignature(b.toBytes())).toThrow(SignatureError);
    expect(() => readSignature(b.toBytes())).toThrow(/cannot tell which output is the probability/);
    expect(() => readSignature(new Uint8Array([1, 2, 3]))).toThrow(/not an ONNX model/);
  });
});
