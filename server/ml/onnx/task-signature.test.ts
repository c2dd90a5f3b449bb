import { describe, expect, it } from 'vitest';
import { GraphBuilder } from './graph-builder';
import { readSignature, SignatureError } from './signature';
import { readTaskSignature } from './task-signature';

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

describe('readTaskSignature', () => {
  it('reads multiclass outputs and classes from metadata, regression and binary outputs', () => {
    const mc = readTaskSignature(model('multiclass', [['probabilities', 'float', ['N', 2]], ['label', 'string', ['N']]], '["b","a"]'));
    expect(mc.outputs).toEqual({ task: 'multiclass', probabilities: 'probabilities', label: 'label', classes: ['b', 'a'] });
    expect(readTaskSignature(model('regression', [['prediction', 'float', ['N', 1]]])).outputs).toEqual({ task: 'regression', name: 'prediction' });
    expect(readTaskSignature(model(null, [['probability', 'float', ['N', 1]]])).outputs).toEqual({ task: 'binary', name: 'probability', column: 0, width: 1 });
  });

  it('rejects inconsistent metadata with a clear message', () => {
    const probs: [string, 'float', (string | number)[]] = ['probabilities', 'float', ['N', 3]];
    expect(() => readTaskSignature(model('multiclass', [probs], '["a","b"]'))).toThrow(/has 3 columns but the metadata lists 2 classes/);
    expect(() => readTaskSignature(model('multiclass', [probs], 'not json'))).toThrow(/class names in metadata 'vigil.classes'/);
    expect(() => readTaskSignature(model('multiclass', [probs], '["a","a","b"]'))).toThrow(/distinct strings/);
    expect(() => readTaskSignature(model('multiclass', [['p', 'float', ['N', 3]]], '["a","b","c"]'))).toThrow(/needs a float \[N,k\] output 'probabilities'/);
    expect(() => readTaskSignature(model('regression', [['score', 'float', ['N', 1]]]))).toThrow(/needs an output 'prediction'/);
    expect(() => readTaskSignature(model('ranking', [['score', 'float', ['N', 1]]]))).toThrow(/unknown task 'ranking'/);
  });

  it('keeps binary-only scorers (serving) from reading a multiclass or regression model as binary', () => {
    const mc = model('multiclass', [['probabilities', 'float', ['N', 2]], ['label', 'string', ['N']]], '["a","b"]');
    expect(() => readSignature(mc)).toThrow(SignatureError);
    expect(() => readSignature(mc)).toThrow(/this is a multiclass model; only binary models/);
    expect(() => readSignature(model('regression', [['prediction', 'float', ['N', 1]]]))).toThrow(/this is a regression model/);
  });
});
