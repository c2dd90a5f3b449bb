import { describe, expect, it } from 'vitest';
import { GraphBuilder } from './graph-builder';
import { outputWidth, readSignature, SignatureError } from './signature';

function model(task: string | null, outputs: [string, 'float' | 'string', (string | number)[]][], classes?: string): Uint8Array {
  const b = new GraphBuilder();
  const x = b.input('x', 'double', ['N', 1]);
  for (const [name, type, dims] of outputs) {
    const src = type === 'string' ? b.strings('s', ['a']) : b.op('Cast', [x], undefined);
    b.output(b.identity(src, name), type, dims);
  }
  if (task) b.setMetadata('vigil.task', task);
  if (classes !== undefined) b.setMetadata('vigil.classes', classes);
  return b.toBytes();
}

describe('readSignature: tasks', () => {
  it('reads multiclass outputs and classes from metadata, regression and binary outputs', () => {
    const mc = readSignature(model('multiclass', [['probabilities', 'float', ['N', 2]], ['label', 'string', ['N']]], '["b","a"]'));
    expect(mc.output).toEqual({ task: 'multiclass', name: 'probabilities', classes: ['b', 'a'] });
    expect(outputWidth(mc.output)).toBe(2);
    expect(readSignature(model('regression', [['prediction', 'float', ['N', 1]]])).output).toEqual({ task: 'regression', name: 'prediction' });
    expect(readSignature(model('regression', [['prediction', 'float', ['N']]])).output).toEqual({ task: 'regression', name: 'prediction' });
    expect(readSignature(model(null, [['probability', 'float', ['N', 1]]])).output).toEqual({ task: 'binary', name: 'probability', column: 0, width: 1 });
    expect(readSignature(model('binary', [['probability', 'float', ['N', 1]]])).output.task).toBe('binary');
  });

  it('rejects inconsistent metadata with a clear message', () => {
    const probs: [string, 'float', (string | number)[]] = ['probabilities', 'float', ['N', 3]];
    expect(() => readSignature(model('multiclass', [probs], '["a","b"]'))).toThrow(/has 3 columns but the metadata lists 2 classes/);
    expect(() => readSignature(model('multiclass', [probs], 'not json'))).toThrow(/class names in metadata 'vigil.classes'/);
    expect(() => readSignature(model('multiclass', [probs], '["a","a","b"]'))).toThrow(/distinct non-empty strings/);
    expect(() => readSignature(model('multiclass', [probs], '["a","","b"]'))).toThrow(/distinct non-empty strings/);
    expect(() => readSignature(model('multiclass', [probs], JSON.stringify(['a', 'b', 'x'.repeat(101)])))).toThrow(/at most 100 characters/);
    expect(() => readSignature(model('multiclass', [['probabilities', 'float', ['N', 'k']]], JSON.stringify(Array.from({ length: 101 }, (_, i) => `c${i}`))))).toThrow(/101 classes; at most 100/);
    expect(() => readSignature(model('multiclass', [['p', 'float', ['N', 3]]], '["a","b","c"]'))).toThrow(/needs a float \[N,k\] output 'probabilities'/);
    expect(() => readSignature(model('multiclass', [['probabilities', 'string', ['N', 3]]], '["a","b","c"]'))).toThrow(SignatureError);
    expect(() => readSignature(model('multiclass', [probs], JSON.stringify(['a', 'b\u0000', 'c'])))).toThrow(/class 2 of metadata 'vigil.classes' contains U\+0000/);
    expect(() => readSignature(model('regression', [['score', 'float', ['N', 1]]]))).toThrow(/needs a float output 'prediction'/);
    expect(() => readSignature(model('regression', [['prediction', 'float', ['N', 2]]]))).toThrow(/\[N,1\] or \[N\]/);
    expect(() => readSignature(model('ranking', [['score', 'float', ['N', 1]]]))).toThrow(/unknown task 'ranking'/);
  });
});
