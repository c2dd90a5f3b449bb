import { describe, expect, it } from 'vitest';
import { checkLabel } from './feedback-labels';

const binary = { task: 'binary' as const, classes: [] };
const regression = { task: 'regression' as const, classes: [] };
const multiclass = { task: 'multiclass' as const, classes: ['cat', 'dog', 'toString'] };

describe('feedback labels per task', () => {
  it('binary takes 0 or 1 only', () => {
    expect(checkLabel(binary, 1, null)).toEqual({ label: 1, labelClass: null, predictedClass: null });
    expect(checkLabel(binary, 2, null)).toBe('must be 0 or 1 for a binary model; got 2');
    expect(checkLabel(binary, 0.5, null)).toMatch(/must be 0 or 1/);
    expect(checkLabel(binary, '1', null)).toMatch(/must be 0 or 1 for a binary model; got "1"/);
  });
  it('regression takes any finite number', () => {
    expect(checkLabel(regression, -1234.5678, null)).toEqual({ label: -1234.5678, labelClass: null, predictedClass: null });
    for (const v of [Number.NaN, Infinity, -Infinity]) expect(checkLabel(regression, v, null)).toMatch(/must be a finite number for a regression model/);
    expect(checkLabel(regression, 'NaN', null)).toMatch(/must be a finite number/);
  });
  it('multiclass takes a class name of the version, stored as its index with the predicted class', () => {
    expect(checkLabel(multiclass, 'dog', 'cat')).toEqual({ label: 1, labelClass: 'dog', predictedClass: 0 });
    // A class name that is an Object.prototype key is a plain class, not a lookup accident.
    expect(checkLabel(multiclass, 'toString', 'toString')).toEqual({ label: 2, labelClass: 'toString', predictedClass: 2 });
    expect(checkLabel(multiclass, 'constructor', 'cat')).toMatch(/'constructor' is not a class of this version \(one of cat, dog, toString\)/);
    expect(checkLabel(multiclass, 1, 'cat')).toMatch(/must be a class name of this version/);
    // A prediction whose logged class is unknown keeps the label, without a predicted class.
    expect(checkLabel(multiclass, 'cat', null)).toEqual({ label: 0, labelClass: 'cat', predictedClass: null });
  });
});
