import { describe, expect, it } from 'vitest';
import { externalStepCharts } from './external-steps';

describe('externalStepCharts', () => {
  it('draws one chart per metric name, points by step, skipping other phases and non-finite values', () => {
    const charts = externalStepCharts([
      { phase: 'external', step: 2, metrics: { loss: 0.5, auc: 0.7 } },
      { phase: 'external', step: 1, metrics: { loss: 0.9 } },
      { phase: 'holdout', step: 1, metrics: { valid_auc: 0.6 } },
      { phase: 'external', step: 3, metrics: { loss: Number.NaN, auc: 0.8 } },
    ]);
    expect(charts.map((c) => c.metric)).toEqual(['loss', 'auc']);
    expect(charts[0].series[0].points).toEqual([
      { x: 1, y: 0.9 },
      { x: 2, y: 0.5 },
    ]);
    expect(charts[1].series[0].points).toEqual([
      { x: 2, y: 0.7 },
      { x: 3, y: 0.8 },
    ]);
  });

  it('has nothing to draw for a built-in run', () => {
    expect(externalStepCharts([{ phase: 'final', step: 1, metrics: { loss: 1 } }])).toEqual([]);
  });
});
