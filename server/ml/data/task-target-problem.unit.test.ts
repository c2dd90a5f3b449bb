import { describe, expect, it } from 'vitest';
import { taskTargetProblem } from './task-target-problem';

const cat = (distinct: number, count = 10) => ({ name: 'y', type: 'categorical' as const, count, distinct, min: null, max: null });
const num = (distinct: number, count = 10) => ({ name: 'y', type: 'numeric' as const, count, distinct, min: 0, max: 5 });

describe('taskTargetProblem', () => {
  it('accepts a categorical target of 2 to 100 classes and a numeric regression target', () => {
    expect(taskTargetProblem('multiclass', cat(2), 10)).toBeNull();
    expect(taskTargetProblem('multiclass', cat(100, 1000), 1000)).toBeNull();
    expect(taskTargetProblem('regression', num(7), 10)).toBeNull();
  });
  it('refuses one class, over 100 classes, and a categorical regression target', () => {
    expect(taskTargetProblem('multiclass', cat(1), 10)).toMatch(/one class only/);
    expect(taskTargetProblem('multiclass', cat(101, 1000), 1000)).toMatch(/101 distinct values, more than 100 classes/);
    expect(taskTargetProblem('multiclass', num(101, 1000), 1000)).toMatch(/more than 100/);
    expect(taskTargetProblem('regression', cat(5), 10)).toMatch(/categorical; a regression target must be a number/);
  });
  it('leaves a numeric column with one distinct number to the worker (1 and 1.0 are two classes)', () => {
    expect(taskTargetProblem('multiclass', num(1), 10)).toBeNull();
  });
  it('refuses missing target cells and an empty column', () => {
    expect(taskTargetProblem('regression', num(3, 8), 10)).toMatch(/missing on 2 of 10 rows/);
    expect(taskTargetProblem('multiclass', cat(0, 0), 10)).toMatch(/has no values/);
  });
});
