import { describe, expect, it } from 'vitest';
import { bestRunId, validationMetric } from './best-run';

const m = (auc: number | null, logLoss: number | null) => ({ validation: { metrics: { auc, log_loss: logLoss } } });

describe('bestRunId', () => {
  const runs = [
    { id: 'a', status: 'succeeded', index: 0, metrics: m(0.8, 0.5) },
    { id: 'b', status: 'succeeded', index: 1, metrics: m(0.9, 0.45) },
    { id: 'c', status: 'failed', index: 2, metrics: m(0.99, 0.1) },
    { id: 'd', status: 'succeeded', index: 3, metrics: m(0.85, 0.4) },
    { id: 'e', status: 'running', index: 4, metrics: null },
  ];

  it('takes the highest AUC and the lowest log loss among succeeded runs', () => {
    expect(bestRunId(runs, 'auc')).toBe('b');
    expect(bestRunId(runs, 'log_loss')).toBe('d');
  });

  it('gives a tie to the earliest point, whatever the order of the rows', () => {
    const tied = [
      { id: 'late', status: 'succeeded', index: 5, metrics: m(0.9, 0.3) },
      { id: 'early', status: 'succeeded', index: 2, metrics: m(0.9, 0.3) },
    ];
    expect(bestRunId(tied, 'auc')).toBe('early');
    expect(bestRunId([...tied].reverse(), 'log_loss')).toBe('early');
  });

  it('has no best run when none succeeded with a value', () => {
    expect(bestRunId([], 'auc')).toBeNull();
    expect(bestRunId([{ id: 'x', status: 'succeeded', index: 0, metrics: m(null, 0.3) }], 'auc')).toBeNull();
    expect(bestRunId([{ id: 'x', status: 'failed', index: 0, metrics: m(0.7, 0.3) }], 'auc')).toBeNull();
  });

  it('reads the validation value only', () => {
    expect(validationMetric({ training: { auc: 1 }, validation: null }, 'auc')).toBeNull();
    expect(validationMetric(m(0.7, 0.2), 'log_loss')).toBe(0.2);
  });
});
