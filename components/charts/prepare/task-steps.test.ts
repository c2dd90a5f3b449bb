import { describe, expect, it } from 'vitest';
import { taskStepCharts } from './task-steps';

describe('taskStepCharts', () => {
  it('makes one chart per metric name, holdout and final fits overlaid', () => {
    const charts = taskStepCharts([
      { phase: 'holdout', step: 2, metrics: { loss: 0.5, valid_loss: 0.6 } },
      { phase: 'holdout', step: 1, metrics: { loss: 0.9 } },
      { phase: 'final', step: 1, metrics: { loss: 0.8 } },
    ]);
    expect(charts.map((c) => c.metric)).toEqual(['loss', 'valid_loss']);
    expect(charts[0].series.map((s) => [s.name, s.points])).toEqual([
      ['holdout fit', [{ x: 1, y: 0.9 }, { x: 2, y: 0.5 }]],
      ['final fit', [{ x: 1, y: 0.8 }]],
    ]);
    // A metric only one fit reports gets only that fit's line.
    expect(charts[1].series.map((s) => s.name)).toEqual(['holdout fit']);
  });
  it('is empty with no steps', () => {
    expect(taskStepCharts([])).toEqual([]);
  });
});
