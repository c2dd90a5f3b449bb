import { describe, expect, it } from 'vitest';
import { buildTable } from '../data/table';
import { regressionFairnessReport } from '../fairness/regression-report';
import { multiclassFairnessReport } from '../fairness/multiclass-report';
import { DEFAULT_TASK_GATES, gateProblems, greaterIsBetter, OVERALL_GATE_METRICS } from './gate-metrics';
import { checkSlices, checkThreshold } from './gates';
import { goldenLabels, GoldenSetError, labelIndices } from './golden-labels';

describe('gate metrics per task', () => {
  it('each task’s defaults name its own metrics in their direction', () => {
    for (const task of ['binary', 'multiclass', 'regression'] as const) expect(gateProblems(task, DEFAULT_TASK_GATES[task])).toEqual([]);
    expect(DEFAULT_TASK_GATES.regression.overall[0]).toMatchObject({ metric: 'rmse', greater_is_better: false, min_relative_change: -0.05 });
  });

  it('lower is better for errors and losses only', () => {
    expect(['rmse', 'mae', 'log_loss', 'brier'].map(greaterIsBetter)).toEqual([false, false, false, false]);
    expect(['auc', 'r2', 'macro_f1', 'accuracy', 'auc_ovr_macro'].map(greaterIsBetter)).toEqual([true, true, true, true, true]);
  });

  it('refuses a metric the task does not have, naming it and the task’s metrics, and a wrong direction', () => {
    const p = gateProblems('regression', { overall: [{ metric: 'auc', greater_is_better: true }, { metric: 'rmse', greater_is_better: true }], slice: [{ metric: 'accuracy', greater_is_better: true }] });
    expect(p.map((x) => x.path)).toEqual(['gates.overall.0.metric', 'gates.overall.1.greater_is_better', 'gates.slice.0.metric']);
    expect(p[0].message).toBe("overall gate 1: 'auc' is not a metric of a regression model (overall gate metrics for regression: rmse, mae, r2)");
    expect(p[1].message).toMatch(/rmse is lower-is-better, so greater_is_better must be false/);
    expect(gateProblems('multiclass', { overall: [{ metric: 'f1', greater_is_better: true }], slice: [] })[0].message).toContain(OVERALL_GATE_METRICS.multiclass.join(', '));
  });
});

describe('task gates with MetricThreshold arithmetic', () => {
  const rmse = DEFAULT_TASK_GATES.regression.overall[0]; // rmse ≤ incumbent × 1.05
  it('regression: rmse up to 5 % above the incumbent passes, more fails, lower passes', () => {
    expect(checkThreshold(rmse, 1.05, 1).status).toBe('pass');
    expect(checkThreshold(rmse, 1.0501, 1).status).toBe('fail');
    expect(checkThreshold(rmse, 0.7, 1).status).toBe('pass');
    expect(checkThreshold({ metric: 'r2', greater_is_better: true, threshold: 0.8 }, 0.79, null).status).toBe('fail');
  });
  it('multiclass: macro_f1 and log_loss thresholds', () => {
    expect(checkThreshold({ metric: 'macro_f1', greater_is_better: true, threshold: 0.6 }, 0.61, null).status).toBe('pass');
    expect(checkThreshold({ metric: 'log_loss', greater_is_better: false, threshold: 0.5 }, 0.51, null).status).toBe('fail');
  });
  it('slice gates read any task’s group figures', () => {
    const cand = regressionFairnessReport([1, 2, 3, 4], [1, 2, 3.5, 6], ['a', 'a', 'b', 'b']);
    const inc = regressionFairnessReport([1, 2, 3, 4], [1.5, 2.5, 3.5, 4.5], ['a', 'a', 'b', 'b']);
    const r = checkSlices('g', DEFAULT_TASK_GATES.regression.slice[0], cand, inc);
    expect(r.map((x) => [x.gate, x.status])).toEqual([
      ['slice g=a: mae', 'pass'], // 0 vs 0.5
      ['slice g=b: mae', 'fail'], // 1.25 vs 0.5
    ]);
    const mc = multiclassFairnessReport([0, 1], Float64Array.from([0.9, 0.1, 0.9, 0.1]), ['p', 'q'], ['a', 'b']);
    expect(checkSlices('g', DEFAULT_TASK_GATES.multiclass.slice[0], mc, null).map((x) => [x.candidate, x.status])).toEqual([
      [1, 'pending'],
      [0, 'pending'],
    ]);
  });
});

describe('golden-set labels per task', () => {
  const table = buildTable(['x', 'cls', 'num', 'txt'], [
    ['1', 'cat', '2', '1.5'],
    ['2', null, '1', 'n/a'],
    ['3', 'dog', null, '2'],
  ]);
  it('multiclass: class names (numeric cells as their text), missing → skipped', () => {
    expect(goldenLabels(table, 'cls', 'multiclass').values).toEqual(['cat', null, 'dog']);
    expect(goldenLabels(table, 'num', 'multiclass').values).toEqual(['2', '1', null]);
    expect(labelIndices(table, 'num', ['2', '1', null], ['1', '2'], 'v3')).toEqual([1, 0, null]);
  });
  it('multiclass: a label that is not a class of the version is refused, naming the row', () => {
    expect(() => labelIndices(table, 'cls', ['cat', null, 'dog'], ['cat', 'fox'], 'v2')).toThrow(new GoldenSetError(`golden set row 3 (CSV line 4): label "dog" in column 'cls' is not a class of v2 (classes: cat, fox)`));
  });
  it('regression: numbers, missing → skipped; a cell that is not a number is refused naming it and the row', () => {
    expect(goldenLabels(table, 'num', 'regression').values).toEqual([2, 1, null]);
    expect(() => goldenLabels(table, 'txt', 'regression')).toThrow(`golden set label column 'txt' holds "n/a" at row 2 (CSV line 3): a regression label must be a number`);
    expect(() => goldenLabels(table, 'nope', 'regression')).toThrow(/no label column 'nope'/);
  });
  it('binary: 0/1 kept, anything else skipped (unchanged)', () => {
    expect(goldenLabels(table, 'num', 'binary').values).toEqual([null, 1, null]);
  });
});
