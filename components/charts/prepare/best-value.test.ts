import { describe, expect, it } from 'vitest';
import { bestIndices, METRIC_DIRECTION } from './best-value';

describe('bestIndices', () => {
  it('higher is better for AUC, lower for log-loss', () => {
    expect(bestIndices([0.81, 0.93, 0.88], METRIC_DIRECTION.auc)).toEqual([1]);
    expect(bestIndices([0.41, 0.23, 0.38], METRIC_DIRECTION.log_loss)).toEqual([1]);
    expect(bestIndices([0.2, 0.1], METRIC_DIRECTION.brier)).toEqual([1]);
  });
  it('marks every run on a tie', () => {
    expect(bestIndices([0.9, 0.8, 0.9], 'max')).toEqual([0, 2]);
  });
  it('ignores null, undefined and NaN; never marks them best', () => {
    expect(bestIndices([null, 0.7, undefined, Number.NaN, 0.6], 'max')).toEqual([1]);
    expect(bestIndices([null, 0.7, 0.6], 'min')).toEqual([2]);
  });
  it('marks nothing with fewer than two comparable values or no direction', () => {
    expect(bestIndices([0.7], 'max')).toEqual([]);
    expect(bestIndices([0.7, null], 'max')).toEqual([]);
    expect(bestIndices([400, 500], METRIC_DIRECTION.n)).toEqual([]);
    expect(bestIndices([0.3, 0.5], METRIC_DIRECTION.positive_rate)).toEqual([]);
  });
  it('handles negative values and zero', () => {
    expect(bestIndices([-1, 0, -3], 'max')).toEqual([1]);
    expect(bestIndices([-1, 0, -3], 'min')).toEqual([2]);
  });
});
