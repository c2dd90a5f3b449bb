// End to end: `vigil stats metrics` and `vigil stats fairness` on CSVs written to a temp dir,
// checked against the scikit-learn reference fixtures and for their exact JSON keys.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main';

const dir = mkdtempSync(join(tmpdir(), 'vigil-stats-'));
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

function quote(cell: string | null): string {
  if (cell === null) return '';
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

function csv(header: string[], rows: (string | null)[][], eol = '\n'): string {
  return [header, ...rows].map((r) => r.map(quote).join(',')).join(eol) + eol;
}

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../tests/reference/fixtures/${name}.json`, import.meta.url), 'utf8')) as { cases: any[] };

function expectClose(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number') {
    expect(typeof actual, path).toBe('number');
    expect(Math.abs((actual as number) - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
  } else if (expected !== null && typeof expected === 'object') {
    expect(Object.keys(actual as object), path).toEqual(Object.keys(expected));
    for (const [k, v] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else {
    expect(actual, path).toBe(expected);
  }
}

const METRIC_KEYS = ['n', 'positive_rate', 'auc', 'log_loss', 'brier', 'accuracy', 'precision', 'recall', 'f1'];

describe('vigil stats metrics', () => {
  const cases = fixture('metrics').cases;

  for (const name of ['ties_grid', 'threshold_equals_score', 'none_predicted_positive', 'single_class_negative']) {
    it(`matches scikit-learn on ${name}`, async () => {
      const c = cases.find((k) => k.name === name)!;
      // Extra columns (one with quoted commas and newlines) are ignored; CRLF line ends.
      const rows = c.y.map((y: number, i: number) => [`id${i}`, String(y), `note ${i}, "x"\nmore`, String(c.score[i])]);
      const path = write(`${name}.csv`, csv(['id', 'label', 'note', 'prob'], rows, '\r\n'));
      const r = await run(['stats', 'metrics', '--data', path, '--label', 'label', '--score', 'prob', '--threshold', String(c.threshold), '--json']);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out.endsWith('\n')).toBe(true);
      const json = JSON.parse(r.out);
      expect(Object.keys(json)).toEqual(METRIC_KEYS);
      expectClose(json, c.metrics, name);
    });
  }

  it('strips a BOM and uses threshold 0.5 by default; prints a table without --json', async () => {
    const path = write('bom.csv', '\uFEFFy,p\n1,0.5\n0,0.4\n1,1.0\n0,0\n');
    const r = await run(['stats', 'metrics', '--data', path, '--label', 'y', '--score', 'p', '--json']);
    expect(JSON.parse(r.out)).toMatchObject({ n: 4, accuracy: 1, precision: 1, recall: 1, f1: 1, auc: 1 });
    const t = await run(['stats', 'metrics', '--data', path, '--label', 'y', '--score', 'p']);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/^auc\s+1\.0000$/m);
    expect(t.out).toMatch(/^f1\s+1\.0000$/m);
  });

  it('names the data row, CSV line and column of a bad cell', async () => {
    // The quoted newline in row 1 makes row 3 start on line 5.
    const base = 'y,p,note\n1,0.9,"two\nlines"\n0,0.1,x\n';
    const cases: [string, RegExp][] = [
      [base + '2,0.5,x\n', /row 3 \(line 5\), column 'y': label '2' is not 0 or 1/],
      [base + 'yes,0.5,x\n', /row 3 \(line 5\), column 'y': label 'yes' is not 0 or 1/],
      [base + ',0.5,x\n', /row 3 \(line 5\), column 'y': label is missing/],
      [base + '1,,x\n', /row 3 \(line 5\), column 'p': score is missing/],
      [base + '1,abc,x\n', /row 3 \(line 5\), column 'p': score 'abc' is not a number/],
      [base + '1,1.5,x\n', /row 3 \(line 5\), column 'p': score '1.5' is outside \[0, 1\]/],
      [base + '1,-0.1,x\n', /row 3 \(line 5\), column 'p': score '-0.1' is outside \[0, 1\]/],
      [base + '1,0x1F,x\n', /score '0x1F' is not a number/],
      [base + '1,0.5\n', /line 5: expected 3 fields, found 2/],
    ];
    for (const [i, [text, message]] of cases.entries()) {
      const path = write(`bad${i}.csv`, text);
      const r = await run(['stats', 'metrics', '--data', path, '--label', 'y', '--score', 'p', '--json']);
      expect(r.code, text).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(message);
      expect(r.err.startsWith(`vigil: ${path}: `)).toBe(true);
    }
  });

  it('reports a missing column, a missing option and a missing file', async () => {
    const path = write('ok.csv', 'y,p\n1,0.9\n');
    let r = await run(['stats', 'metrics', '--data', path, '--label', 'target', '--score', 'p']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("column 'target' not found (columns: y, p)");
    r = await run(['stats', 'metrics', '--data', path, '--score', 'p']);
    expect(r.err).toContain('missing required option --label');
    r = await run(['stats', 'metrics', '--data', join(dir, 'absent.csv'), '--label', 'y', '--score', 'p']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('absent.csv: no such file');
    r = await run(['stats', 'metrics', '--data', path, '--label', 'y', '--score', 'p', '--threshold', 'half']);
    expect(r.err).toContain("--threshold must be a number, got 'half'");
  });

  it('documents options and output fields in --help', async () => {
    const r = await run(['stats', 'metrics', '--help']);
    expect(r.code).toBe(0);
    for (const word of ['--data', '--label', '--score', '--threshold', '--json', ...METRIC_KEYS]) expect(r.out).toContain(word);
  });
});

describe('vigil stats fairness', () => {
  const cases = fixture('fairness').cases;

  for (const c of cases) {
    it(`matches the reference on ${c.name}`, async () => {
      const rows = c.y.map((y: number, i: number) => [String(y), String(c.score[i]), c.group[i]]);
      const path = write(`f-${c.name}.csv`, csv(['label', 'score', 'segment'], rows));
      const args = ['stats', 'fairness', '--data', path, '--label', 'label', '--score', 'score', '--group', 'segment', '--threshold', String(c.threshold), '--json'];
      if (c.reference_group !== null) args.push('--reference-group', c.reference_group);
      const r = await run(args);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const json = JSON.parse(r.out);
      expect(Object.keys(json)).toEqual([
        'groups',
        'reference_group',
        'demographic_parity_difference',
        'demographic_parity_ratio',
        'equalized_odds_difference',
        'equal_opportunity_difference',
      ]);
      for (const g of json.groups) {
        expect(Object.keys(g)).toEqual(['group', 'n', 'selection_rate', 'tpr', 'fpr', 'precision', 'accuracy', 'auc', 'disparity', 'parity_ok']);
        expect(Object.keys(g.disparity)).toEqual(['selection_rate', 'tpr', 'fpr', 'precision']);
      }
      expectClose(json, c.report, c.name);
    });
  }

  it('names numeric groups as written in the CSV and sorts them by code point', async () => {
    const path = write('numeric-groups.csv', 'y,p,g\n1,0.9,10\n0,0.2,9\n1,0.7,007\n0,0.1,7\n1,0.8,10\n0,0.3,\n');
    const r = await run(['stats', 'fairness', '--data', path, '--label', 'y', '--score', 'p', '--group', 'g', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.groups.map((g: { group: string }) => g.group)).toEqual(['(missing)', '007', '10', '7', '9']);
    expect(json.reference_group).toBe('10');
  });

  it('rejects an unknown reference group by name', async () => {
    const path = write('ref.csv', 'y,p,g\n1,0.9,a\n0,0.2,b\n');
    const r = await run(['stats', 'fairness', '--data', path, '--label', 'y', '--score', 'p', '--group', 'g', '--reference-group', 'c', '--json']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain("reference group 'c' not found (groups: a, b)");
  });

  it('rejects a missing group column by name', async () => {
    const path = write('nogroup.csv', 'y,p\n1,0.9\n');
    const r = await run(['stats', 'fairness', '--data', path, '--label', 'y', '--score', 'p', '--group', 'segment']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("column 'segment' not found");
  });

  it('prints readable tables without --json', async () => {
    const path = write('tables.csv', 'y,p,g\n1,0.9,a\n0,0.2,a\n1,0.4,b\n');
    const r = await run(['stats', 'fairness', '--data', path, '--label', 'y', '--score', 'p', '--group', 'g']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^a \(ref\)\s+2\s+0\.5000\s+1\.0000\s+0\.0000\s+1\.0000\s+1\.0000\s+1\.0000\s+ok$/m);
    expect(r.out).toContain('demographic_parity_difference');
  });

  it('documents options and output fields in --help', async () => {
    const r = await run(['stats', 'fairness', '--help']);
    expect(r.code).toBe(0);
    for (const word of ['--group', '--reference-group', 'selection_rate', 'parity_ok', 'equalized_odds_difference', '(missing)']) {
      expect(r.out).toContain(word);
    }
  });
});
