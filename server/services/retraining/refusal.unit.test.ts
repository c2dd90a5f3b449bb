import { describe, expect, it } from 'vitest';
import { checkThreshold } from '@/server/ml/promotion/gates';
import { refusalReason, refusedGates } from './refusal';

describe('refusal report', () => {
  const slice = checkThreshold({ metric: 'auc', greater_is_better: true, min_absolute_change: -0.05 }, 0.62, 0.91, 'slice region=south: auc');
  const overall = checkThreshold({ metric: 'auc', greater_is_better: true, min_absolute_change: -0.01 }, 0.9, 0.895, 'overall: auc');
  const pending = checkThreshold({ metric: 'log_loss', greater_is_better: false, min_relative_change: -0.05 }, 0.3, null, 'overall: log_loss');

  it('keeps only gates not passed, with candidate, incumbent and the change between them', () => {
    const r = refusedGates([overall, slice]);
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ gate: 'slice region=south: auc', status: 'fail', candidate: 0.62, incumbent: 0.91 });
    expect(r[0].change).toBeCloseTo(-0.29, 12);
  });

  it('names failed gates before ones that could not be checked, with their figures', () => {
    const reason = refusalReason(refusedGates([pending, slice]));
    expect(reason).toBe('refused on the golden set: slice region=south: auc failed (auc 0.6200 vs incumbent 0.9100: change -0.2900 is below the minimum -0.0500); overall: log_loss could not be checked (no log_loss for the incumbent to compare with)');
    expect(refusedGates([pending])[0].change).toBeNull();
  });

  it('an empty list still gives a reason', () => {
    expect(refusalReason([])).toBe('refused: no gate result');
  });
});
