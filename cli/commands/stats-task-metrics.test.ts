// `vigil stats metrics --task multiclass|regression` end to end on CSVs, against the
// scikit-learn reference fixture (tests/reference/task_metrics_reference.py), with its exact keys.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main';

const dir = mkdtempSync(join(tmpdir(), 'vigil-task-metrics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

const quote = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
const csv = (header: string[], rows: string[][]) => [header, ...rows].map((r) => r.map(quote).join(',')).join('\n') + '\n';

const fixture = JSON.parse(readFileSync(new URL('../../tests/reference/fixtures/task-metrics.json', import.meta.url), 'utf8')) as {
  multiclass: { name: string; classes: string[]; y: string[]; probs: number[][]; metrics: Record<string, unknown> }[];
  regression: { name: string; y: number[]; prediction: number[]; metrics: Record<string, unknown> }[];
};

function expectClose(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number') {
    expect(typeof actual, path).toBe('number');
    expect(Math.abs((actual as number) - expected), `${path}: ${String(actual)} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
  } else if (Array.isArray(expected)) {
    expect((actual as unknown[]).length, path).toBe(expected.length);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    expect(Object.keys(actual as object), path).toEqual(Object.keys(expected));
    for (const [k, v] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else {
    expect(actual, path).toBe(expected);
  }
}

const MC_KEYS = ['n', 'classes', 'accuracy', 'log_loss', 'macro_f1', 'micro_f1', 'weighted_f1', 'auc_ovr', 'auc_ovr_macro', 'confusion'];
const REG_KEYS = ['n', 'rmse', 'mae', 'r2', 'mean_residual', 'residual_quantiles'];

describe('vigil stats metrics --task multiclass', () => {
  for (const c of fixture.multiclass) {
    it(`matches scikit-learn on ${c.name}`, async () => {
      const scores = c.classes.map((k) => `p_${k}`);
      // An extra column before the label; score columns after it in --scores order.
      const path = write(`mc-${c.name}.csv`, csv(['id', 'y', ...scores], c.y.map((y, i) => [`r${i}`, y, ...c.probs[i].map(String)])));
      const r = await run(['stats', 'metrics', '--task', 'multiclass', '--data', path, '--label', 'y', '--scores', scores.join(','), '--json']);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const json = JSON.parse(r.out);
      expect(Object.keys(json)).toEqual(MC_KEYS);
      expectClose(json, c.metrics, c.name);
    });
  }

  it('keeps classes in --scores order whatever the CSV column order; ties go to the first listed', async () => {
    const path = write('mc-order.csv', 'p_b,y,p_a\n0.5,a,0.5\n0.2,b,0.8\n');
    const r = await run(['stats', 'metrics', '--task', 'multiclass', '--data', path, '--label', 'y', '--scores', 'p_b,p_a', '--json']);
    const json = JSON.parse(r.out);
    expect(json.classes).toEqual(['b', 'a']);
    // Row 1 ties → 'b' (first listed), true 'a'; row 2 → 'a', true 'b'.
    expect(json.confusion).toEqual([[0, 1], [1, 0]]);
    const t = await run(['stats', 'metrics', '--task', 'multiclass', '--data', path, '--label', 'y', '--scores', 'p_b,p_a']);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/^accuracy\s+0\.0000$/m);
  });

  it('names the row of a label that is not a class, and of a bad score', async () => {
    const base = 'y,p_a,p_b\na,0.9,0.1\n';
    const cases: [string, RegExp][] = [
      [base + 'c,0.5,0.5\n', /row 2 \(line 3\), column 'y': label 'c' is not one of the classes \(a, b\)/],
      [base + ',0.5,0.5\n', /row 2 \(line 3\), column 'y': label is missing/],
      [base + 'A,0.5,0.5\n', /row 2 \(line 3\), column 'y': label 'A' is not one of the classes/],
      [base + 'b,0.5,\n', /row 2 \(line 3\), column 'p_b': score is missing/],
      [base + 'b,x,0.5\n', /row 2 \(line 3\), column 'p_a': score 'x' is not a number/],
      [base + 'b,0.5,1.01\n', /row 2 \(line 3\), column 'p_b': score '1.01' is outside \[0, 1\]/],
    ];
    for (const [i, [text, message]] of cases.entries()) {
      const path = write(`mc-bad${i}.csv`, text);
      const r = await run(['stats', 'metrics', '--task', 'multiclass', '--data', path, '--label', 'y', '--scores', 'p_a,p_b', '--json']);
      expect(r.code, text).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(message);
    }
  });

  it('rejects bad --scores and options of another task', async () => {
    const path = write('mc-ok.csv', 'y,p_a,p_b,q\na,0.9,0.1,0.5\n');
    const cases: [string[], RegExp][] = [
      [['--scores', 'p_a'], /at least 2 columns/],
      [['--scores', 'p_a,q'], /column 'q' is not named p_<class>/],
      [['--scores', 'p_a,p_'], /column 'p_' is not named p_<class>/],
      [['--scores', 'p_a,p_a'], /lists 'p_a' twice/],
      [['--scores', 'p_a,p_c'], /column 'p_c' not found/],
      [['--scores', 'p_a,p_b', '--score', 'p_a'], /--score does not apply to --task multiclass/],
      [[], /missing required option --scores/],
    ];
    for (const [extra, message] of cases) {
      const r = await run(['stats', 'metrics', '--task', 'multiclass', '--data', path, '--label', 'y', ...extra]);
      expect(r.code, extra.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
    }
    const r = await run(['stats', 'metrics', '--task', 'ranking', '--data', path, '--label', 'y']);
    expect(r.err).toMatch(/--task must be one of binary, multiclass, regression, got 'ranking'/);
    const empty = write('mc-empty.csv', 'y,p_a,p_b\n');
    expect((await run(['stats', 'metrics', '--task', 'multiclass', '--data', empty, '--label', 'y', '--scores', 'p_a,p_b'])).err).toMatch(/no data rows/);
  });
});

describe('vigil stats metrics --task regression', () => {
  for (const c of fixture.regression) {
    it(`matches scikit-learn / numpy on ${c.name}`, async () => {
      const path = write(`reg-${c.name}.csv`, csv(['yhat', 'y'], c.y.map((y, i) => [String(c.prediction[i]), String(y)])));
      const r = await run(['stats', 'metrics', '--task', 'regression', '--data', path, '--label', 'y', '--prediction', 'yhat', '--json']);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const json = JSON.parse(r.out);
      expect(Object.keys(json)).toEqual(REG_KEYS);
      expect(Object.keys(json.residual_quantiles)).toEqual(['p05', 'p50', 'p95']);
      expectClose(json, c.metrics, c.name);
    });
  }

  it('prints a table without --json', async () => {
    const path = write('reg-table.csv', 'y,yhat\n1,1\n2,2\n');
    const r = await run(['stats', 'metrics', '--task', 'regression', '--data', path, '--label', 'y', '--prediction', 'yhat']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^r2\s+1\.0000$/m);
  });

  it('names the row and column of a bad cell', async () => {
    const base = 'y,yhat\n1,2\n';
    const cases: [string, RegExp][] = [
      [base + ',2\n', /row 2 \(line 3\), column 'y': label is missing/],
      [base + 'abc,2\n', /row 2 \(line 3\), column 'y': label 'abc' is not a finite number/],
      [base + '1,1e999\n', /row 2 \(line 3\), column 'yhat': prediction '1e999' is not a finite number/],
      [base + '1,\n', /row 2 \(line 3\), column 'yhat': prediction is missing/],
    ];
    for (const [i, [text, message]] of cases.entries()) {
      const path = write(`reg-bad${i}.csv`, text);
      const r = await run(['stats', 'metrics', '--task', 'regression', '--data', path, '--label', 'y', '--prediction', 'yhat', '--json']);
      expect(r.code, text).toBe(2);
      expect(r.err).toMatch(message);
    }
    const path = write('reg-ok.csv', base);
    expect((await run(['stats', 'metrics', '--task', 'regression', '--data', path, '--label', 'y'])).err).toMatch(/missing required option --prediction/);
    expect((await run(['stats', 'metrics', '--task', 'regression', '--data', path, '--label', 'y', '--prediction', 'yhat', '--threshold', '0.3'])).err).toMatch(
      /--threshold does not apply to --task regression/,
    );
  });
});
