import { describe, expect, it } from 'vitest';
import { parseFeatureSpec } from '@/server/ml/features/spec';
import type { ModelSignature } from '@/server/ml/onnx/signature';
import { admissionPlan, cellProblem } from './admission';

const spec = parseFeatureSpec({
  version: 1,
  inputs: [
    { name: 'age', type: 'numeric', nullable: false, range: { min: 0, max: 120 } },
    { name: 'city', type: 'categorical', nullable: true, categories: ['a', 'b'] },
  ],
  features: [{ input: 'age', transforms: [] }],
});
const sig = {
  inputs: {
    kind: 'columns',
    inputs: [
      { name: 'age', elem: 'double', rank: 2, spec: spec.inputs[0] },
      { name: 'city', elem: 'string', rank: 2, spec: spec.inputs[1] },
      { name: 'count', elem: 'int64', rank: 2, spec: { name: 'count', type: 'numeric', nullable: false } },
    ],
  },
  spec,
  output: { task: 'binary', name: 'probability', column: 0, width: 1 },
} as ModelSignature & { inputs: { kind: 'columns' } };

describe('the admission rule (serving and vigil predict)', () => {
  const [age, city, count] = admissionPlan(sig).inputs;
  it('admits values the spec allows, and missing values of nullable inputs', () => {
    expect(cellProblem(age, 41)).toBeNull();
    expect(cellProblem(city, 'a')).toBeNull();
    expect(cellProblem(city, null)).toBeNull();
    expect(cellProblem(count, 3)).toBeNull();
  });
  it('names what is wrong, with the reason counted by serving', () => {
    expect(cellProblem(age, undefined)).toEqual({ message: 'missing required field', reason: 'missing_field' });
    expect(cellProblem(age, null)).toMatchObject({ reason: 'missing_field' });
    expect(cellProblem(age, 'old')).toEqual({ message: 'expected a number, got the string "old"', reason: 'wrong_type' });
    expect(cellProblem(age, Infinity)).toMatchObject({ reason: 'not_finite' });
    expect(cellProblem(age, 121)).toEqual({ message: '121 is outside the allowed range [0, 120]', reason: 'out_of_range' });
    expect(cellProblem(city, 'c')).toMatchObject({ reason: 'unknown_category' });
    expect(cellProblem(city, '')).toMatchObject({ reason: 'wrong_type' });
    expect(cellProblem(city, 7)).toEqual({ message: 'expected a string, got number', reason: 'wrong_type' });
  });
  it('refuses a fraction or an unsafe integer for an int64 input (it would be truncated when fed)', () => {
    expect(cellProblem(count, 2.5)).toEqual({ message: 'expected an integer, got 2.5', reason: 'wrong_type' });
    expect(cellProblem(count, 2 ** 60)).toMatchObject({ reason: 'wrong_type' });
  });
  it('is worked out once per signature', () => {
    expect(admissionPlan(sig)).toBe(admissionPlan(sig));
  });
});
