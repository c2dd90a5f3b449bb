// Multiclass and regression metrics against scikit-learn 1.2.1 / numpy 1.24 values from
// tests/reference/task_metrics_reference.py.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { multiclassMetrics, regressionMetrics } from './index';

interface McCase {
  name: string;
  classes: string[];
  y: string[];
  probs: number[][];
  metrics: Record<string, unknown>;
}
interface RegCase {
  name: string;
  y: number[];
  prediction: number[];
  metrics: Record<string, unknown>;
}
const fixture = JSON.parse(readFileSync(new URL('../../../tests/reference/fixtures/task-metrics.json', import.meta.url), 'utf8')) as {
  multiclass: McCase[];
  regression: RegCase[];
};

/** Relative 1e-9 (absolute near zero): numpy sums pairwise, we sum in row order. */
function expectClose(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number') {
    expect(typeof actual, path).toBe('number');
    expect(Math.abs((actual as number) - expected), `${path}: ${String(actual)} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, path).toBe(expected.length);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    expect(Object.keys(actual as object), path).toEqual(Object.keys(expected));
    for (const [k, v] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else {
    expect(actual, path).toBe(expected);
  }
}

describe('multiclassMetrics against scikit-learn', () => {
  it('has the edge cases', () => {
    expect(fixture.multiclass.map((c) => c.name)).toEqual(
      expect.arrayContaining(['class_absent', 'ties', 'all_tied', 'one_row', 'single_class', 'extremes', 'numeric_names']),
    );
  });
  for (const c of fixture.multiclass) {
    it(c.name, () => {
      const y = c.y.map((v) => c.classes.indexOf(v));
      const m = multiclassMetrics(y, c.probs.flat(), c.classes);
      expect(Object.keys(m)).toEqual(['n', 'classes', 'accuracy', 'log_loss', 'macro_f1', 'micro_f1', 'weighted_f1', 'auc_ovr', 'auc_ovr_macro', 'confusion']);
      expectClose(JSON.parse(JSON.stringify(m)), c.metrics, c.name);
    });
  }

  it('keeps any class name as a plain key, including __proto__', () => {
    const m = multiclassMetrics([0, 1, 0], [0.9, 0.1, 0.2, 0.8, 0.6, 0.4], ['__proto__', 'constructor']);
    expect(JSON.parse(JSON.stringify(m.auc_ovr))).toEqual(JSON.parse('{"__proto__":1,"constructor":1}'));
  });

  it('rejects bad inputs with a clear message', () => {
    expect(() => multiclassMetrics([0], [1], ['a'])).toThrow(/at least 2 classes/);
    expect(() => multiclassMetrics([0], [0.5, 0.5], ['a', 'a'])).toThrow(/distinct/);
    expect(() => multiclassMetrics([], [], ['a', 'b'])).toThrow(/at least one row/);
    expect(() => multiclassMetrics([2], [0.5, 0.5], ['a', 'b'])).toThrow(/label at index 0/);
    expect(() => multiclassMetrics([0], [0.5, Number.NaN], ['a', 'b'])).toThrow(/row 0, class 'b'/);
    expect(() => multiclassMetrics([0], [0.5, 1.5], ['a', 'b'])).toThrow(/not in \[0, 1\]/);
    expect(() => multiclassMetrics([0, 1], [0.5, 0.5], ['a', 'b'])).toThrow(/expected 2 × 2/);
  });
});

describe('regressionMetrics against scikit-learn / numpy', () => {
  it('has the edge cases', () => {
    expect(fixture.regression.map((c) => c.name)).toEqual(
      expect.arrayContaining(['constant_target', 'constant_target_perfect', 'one_row', 'two_rows', 'ties']),
    );
  });
  for (const c of fixture.regression) {
    it(c.name, () => {
      const m = regressionMetrics(c.y, c.prediction);
      expect(Object.keys(m)).toEqual(['n', 'rmse', 'mae', 'r2', 'mean_residual', 'residual_quantiles']);
      expectClose(m, c.metrics, c.name);
    });
  }

  it('rejects bad inputs', () => {
    expect(() => regressionMetrics([], [])).toThrow(/at least one row/);
    expect(() => regressionMetrics([1, 2], [1])).toThrow(/differ in length/);
    expect(() => regressionMetrics([1, Number.NaN], [1, 2])).toThrow(/label at index 1/);
    expect(() => regressionMetrics([1, 2], [1, Number.POSITIVE_INFINITY])).toThrow(/prediction at index 1/);
  });
});
