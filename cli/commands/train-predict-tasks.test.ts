// `vigil train --task multiclass|regression` → `vigil predict` → `vigil stats metrics --task …`
// end to end on CSVs in a temp dir: the offline command-line contract of issue 14.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main';
import { parseCsv } from '../../server/ml/data/csv';
import { onnx } from '../../server/ml/onnx/proto';
import { seededRng } from '../../server/ml/trainers/rng';

const dir = mkdtempSync(join(tmpdir(), 'vigil-train-tasks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

const quote = (c: string | null) => (c === null ? '' : /[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
function writeCsv(name: string, header: string[], rows: (string | null)[][]): string {
  const p = join(dir, name);
  writeFileSync(p, [header, ...rows].map((r) => r.map(quote).join(',')).join('\n') + '\n');
  return p;
}

// Three classes: one name with a quote (CSV quoting in predict's header), and "10", which sorts
// before "2" as a string.
const header = ['age', 'income', 'city', 'kind', 'spend'];
const rows: (string | null)[][] = [];
{
  const r = seededRng(21);
  for (let i = 0; i < 400; i++) {
    const age = 20 + Math.floor(r() * 50);
    const income = r() < 0.1 ? null : (r() * 9000 + 100).toFixed(2);
    const city = ['Oslo', 'Bergen', 'Tromsø'][Math.floor(r() * 3)];
    const z = (age - 45) / 8 + (city === 'Oslo' ? 1 : -0.5) + (r() - 0.5);
    const kind = z < -1 ? '10' : z < 1 ? '2' : 'a "b"';
    const spend = (age * 12.5 + (income === null ? 0 : Number(income) / 10) + (city === 'Bergen' ? 300 : 0) + r() * 50).toFixed(2);
    rows.push([String(age), income, city, kind, spend]);
  }
}
const data = writeCsv('train.csv', header, rows);
const CLASSES = ['10', '2', 'a "b"'];

describe('vigil train --task multiclass', () => {
  for (const trainer of ['logreg', 'gbdt']) {
    it(`${trainer}: probabilities + label, classes in metadata, predict and stats agree, bit-identical`, async () => {
      const out = join(dir, `mc-${trainer}`);
      const args = ['train', '--task', 'multiclass', '--data', data, '--target', 'kind', '--trainer', trainer, '--out', out, '--json'];
      const params = trainer === 'gbdt' ? ['--params', '{"n_trees":40,"max_depth":3}'] : [];
      const r = await run([...args, ...params]);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.out);
      expect(Object.keys(doc)).toEqual(['artifact_sha256', 'metrics']);
      expect(doc.metrics.training.classes).toEqual(CLASSES);
      expect(doc.metrics.validation.n).toBe(80);
      const again = await run([...args.map((a) => (a === out ? out + '-2' : a)), ...params]);
      expect(JSON.parse(again.out).artifact_sha256).toBe(doc.artifact_sha256);
      expect(readFileSync(join(out, 'model.onnx')).equals(readFileSync(join(out + '-2', 'model.onnx')))).toBe(true);

      const model = onnx.ModelProto.decode(readFileSync(join(out, 'model.onnx')));
      expect(model.graph!.output!.map((o) => o.name)).toEqual(['features', 'probabilities', 'label']);
      const meta = Object.fromEntries(model.metadataProps!.map((p) => [p.key, p.value]));
      expect(JSON.parse(meta['vigil.classes']!)).toEqual(CLASSES);
      const lineage = JSON.parse(readFileSync(join(out, 'lineage.json'), 'utf8'));
      expect(lineage).toMatchObject({ task: 'multiclass', classes: CLASSES, trainer });
      if (trainer === 'gbdt') expect(lineage.best_iteration).toBeGreaterThan(0);

      const pred = join(dir, `mc-${trainer}.csv`);
      const p = await run(['predict', '--model', join(out, 'model.onnx'), '--data', data, '--out', pred, '--json']);
      expect(p.err).toBe('');
      expect(JSON.parse(p.out)).toMatchObject({ rows_scored: 400 });
      const csv = parseCsv(readFileSync(pred, 'utf8'));
      expect(csv.header).toEqual([...header, 'p_10', 'p_2', 'p_a "b"', 'label']);
      for (const row of csv.rows) {
        const probs = row.slice(5, 8).map(Number);
        expect(Math.abs(probs[0] + probs[1] + probs[2] - 1)).toBeLessThan(1e-6);
        expect(row[8]).toBe(CLASSES[probs.indexOf(Math.max(...probs))]);
      }

      const s = await run(['stats', 'metrics', '--task', 'multiclass', '--data', pred, '--label', 'kind', '--scores', 'p_10,p_2,p_a "b"', '--json']);
      expect(s.err).toBe('');
      const m = JSON.parse(s.out);
      // predict's float32 probabilities against the trainer's own: the same metrics to ~1e-6.
      expect(m.classes).toEqual(CLASSES);
      expect(Math.abs(m.log_loss - doc.metrics.training.log_loss)).toBeLessThan(1e-5);
      expect(m.accuracy).toBe(doc.metrics.training.accuracy);
      expect(m.confusion).toEqual(doc.metrics.training.confusion);
    });
  }

  it('rejects a missing class label, one class only, and a trainer of another task', async () => {
    const bad = writeCsv('mc-missing.csv', ['x', 'k'], [['1', 'a'], ['2', null], ['3', 'b']]);
    let r = await run(['train', '--task', 'multiclass', '--data', bad, '--target', 'k', '--trainer', 'logreg', '--out', join(dir, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/target 'k' is missing at row 2 \(line 3\)/);
    const one = writeCsv('mc-one.csv', ['x', 'k'], [['1', 'a'], ['2', 'a']]);
    r = await run(['train', '--task', 'multiclass', '--data', one, '--target', 'k', '--trainer', 'gbdt', '--out', join(dir, 'bad')]);
    expect(r.err).toMatch(/only class "a"; multiclass training needs at least 2 classes/);
    r = await run(['train', '--task', 'multiclass', '--data', data, '--target', 'kind', '--trainer', 'ridge', '--out', join(dir, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown trainer 'ridge' for task multiclass \(available: logreg, gbdt\)/);
    const noInputs = writeCsv('mc-noinputs.csv', ['x', 'k'], [[null, 'a'], [null, 'b'], [null, 'a']]);
    r = await run(['train', '--task', 'multiclass', '--data', noInputs, '--target', 'k', '--trainer', 'gbdt', '--out', join(dir, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no usable feature columns besides the target 'k'/);
    r = await run(['train', '--task', 'ranking', '--data', data, '--target', 'kind', '--trainer', 'gbdt', '--out', join(dir, 'bad')]);
    expect(r.err).toMatch(/--task must be one of binary, multiclass, regression, got 'ranking'/);
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });
});

describe('vigil train --task regression', () => {
  for (const [trainer, params] of [['ridge', '{"l2":2}'], ['gbdt', '{"n_trees":60,"max_depth":3}']]) {
    it(`${trainer}: prediction [N,1], predict and stats agree, bit-identical`, async () => {
      const out = join(dir, `reg-${trainer}`);
      const r = await run(['train', '--task', 'regression', '--data', data, '--target', 'spend', '--trainer', trainer, '--params', params, '--out', out, '--json']);
      expect(r.err).toBe('');
      const doc = JSON.parse(r.out);
      expect(Object.keys(doc.metrics.training)).toEqual(['n', 'rmse', 'mae', 'r2', 'mean_residual', 'residual_quantiles']);
      expect(doc.metrics.validation.r2).toBeGreaterThan(0.8);
      const r2 = await run(['train', '--task', 'regression', '--data', data, '--target', 'spend', '--trainer', trainer, '--params', params, '--out', out + '-2', '--json']);
      expect(JSON.parse(r2.out).artifact_sha256).toBe(doc.artifact_sha256);
      const model = onnx.ModelProto.decode(readFileSync(join(out, 'model.onnx')));
      const o = model.graph!.output!.find((x) => x.name === 'prediction')!;
      expect(o.type!.tensorType!.shape!.dim!.map((d) => (d.dimParam ? d.dimParam : Number(d.dimValue)))).toEqual(['N', 1]);
      if (trainer === 'ridge') expect(JSON.parse(readFileSync(join(out, 'lineage.json'), 'utf8')).params).toEqual({ l2: 2 });

      const pred = join(dir, `reg-${trainer}.csv`);
      await run(['predict', '--model', join(out, 'model.onnx'), '--data', data, '--out', pred]);
      const csv = parseCsv(readFileSync(pred, 'utf8'));
      expect(csv.header).toEqual([...header, 'prediction']);
      const s = await run(['stats', 'metrics', '--task', 'regression', '--data', pred, '--label', 'spend', '--prediction', 'prediction', '--json']);
      const m = JSON.parse(s.out);
      expect(Math.abs(m.rmse - doc.metrics.training.rmse)).toBeLessThan(1e-3);
    });
  }

  it('rejects a non-numeric target naming its row', async () => {
    const r = await run(['train', '--task', 'regression', '--data', data, '--target', 'city', '--trainer', 'ridge', '--out', join(dir, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/target 'city' must be a finite number, got "\w+" at row 1 \(line 2\)/);
    const r2 = await run(['train', '--task', 'regression', '--data', data, '--target', 'spend', '--trainer', 'ridge', '--params', '{"l2":1,"max_iter":5}', '--out', join(dir, 'bad')]);
    expect(r2.err).toMatch(/unknown ridge parameter\(s\): max_iter/);
  });

  it('predict refuses an input column that clashes with an output column', async () => {
    const clash = writeCsv('clash.csv', [...header, 'prediction'], [[...rows[0], '1']]);
    const r = await run(['predict', '--model', join(dir, 'reg-ridge', 'model.onnx'), '--data', clash, '--out', join(dir, 'x.csv')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/already has a column named 'prediction'/);
  });
});

describe('help', () => {
  it('documents the tasks', async () => {
    expect((await run(['--help'])).out).toMatch(/train\s+Train a binary, multiclass or regression model/);
    const t = await run(['train', '--help']);
    expect(t.out).toMatch(/--task <task>/);
    expect(t.out).toMatch(/early_stopping_rounds \(20; 0 = off\)/);
    expect((await run(['predict', '--help'])).out).toMatch(/p_<class>/);
    expect((await run(['stats', 'metrics', '--help'])).out).toMatch(/--task multiclass --data D.csv --label y --scores p_a,p_b/);
  });
});
