import { describe, expect, it } from 'vitest';
import { onlineMulticlass, onlineRegression } from './online-metrics';

describe('online metrics per task', () => {
  it('regression RMSE and MAE by hand', () => {
    const m = onlineRegression([3, -0.5, 2, 7], [2.5, 0, 2, 8]);
    // residuals 0.5, −0.5, 0, −1 → MSE 1.5/4, MAE 2/4 (sklearn's mean_squared_error example)
    expect(m.rmse).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(m.mae).toBeCloseTo(0.5, 12);
    expect(m).toMatchObject({ n: 4, mean_label: 2.875, mean_prediction: 3.125 });
    expect(() => onlineRegression([], [])).toThrow(/at least one/);
  });
  it('multiclass accuracy and macro-F1 over the classes present (sklearn zero_division=0)', () => {
    // y = [0, 1, 2, 0, 1, 2], ŷ = [0, 2, 1, 0, 0, 1] (sklearn's f1_score example): macro 0.2667
    const m = onlineMulticlass([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], ['a', 'b', 'c', 'never']);
    expect(m.accuracy).toBeCloseTo(2 / 6, 12);
    expect(m.macro_f1).toBeCloseTo((0.8 + 0 + 0) / 3, 12);
    expect(m.per_class.at(-1)).toEqual({ class: 'never', labelled: 0, predicted: 0, f1: null });
  });
});
