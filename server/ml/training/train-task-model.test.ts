import { describe, expect, it } from 'vitest';
import { buildTable, type Table } from '../data/table';
import { onnx } from '../onnx/proto';
import { seededRng } from '../trainers/rng';
import { trainTaskModel } from './train-task-model';

function dataset(n: number, seed: number): Table {
  const r = seededRng(seed);
  const rows: (string | null)[][] = [];
  for (let i = 0; i < n; i++) {
    const a = r() * 4 - 2;
    const b = r() < 0.1 ? null : (r() * 100).toFixed(2);
    const c = ['red', 'green', 'blue'][Math.floor(r() * 3)];
    const z = 1.5 * a + (c === 'red' ? 1 : -0.5) + (b === null ? 0 : Number(b) / 50 - 1) + (r() - 0.5);
    const cls = z < -1 ? 'low' : z < 1 ? 'mid' : 'high';
    rows.push([a.toFixed(4), b, c, cls, (10 * z + 100).toFixed(3)]);
  }
  return buildTable(['a', 'b', 'c', 'cls', 'value'], rows);
}

describe('trainTaskModel', () => {
  const table = dataset(600, 5);

  for (const trainer of ['logreg', 'gbdt']) {
    it(`multiclass ${trainer}: sorted classes, probabilities + label outputs, parity, deterministic bytes`, async () => {
      const phases = new Set<string>();
      const params = trainer === 'gbdt' ? { n_trees: 60, max_depth: 3 } : {};
      const r1 = await trainTaskModel({ task: 'multiclass', table, target: 'cls', trainer, params, seed: 3, onProgress: (p) => void phases.add(p.phase) });
      const r2 = await trainTaskModel({ task: 'multiclass', table, target: 'cls', trainer, params, seed: 3 });
      expect(Buffer.from(r1.onnxBytes).equals(Buffer.from(r2.onnxBytes))).toBe(true);
      expect([...phases]).toEqual(['holdout', 'final']);
      expect(r1.lineage.classes).toEqual(['high', 'low', 'mid']);
      expect(r1.lineage.task).toBe('multiclass');
      expect(r1.metrics.parity.output).toBe('probabilities');
      expect(r1.metrics.parity.max_output_diff).toBeLessThanOrEqual(1e-6);
      const v = r1.metrics.validation!;
      expect(v.split).toMatchObject({ stratified: true, train_rows: 480, validation_rows: 120 });
      expect((v.metrics as { accuracy: number }).accuracy).toBeGreaterThan(0.7);
      const m = onnx.ModelProto.decode(r1.onnxBytes);
      expect(m.graph!.output!.map((o) => o.name)).toEqual(['features', 'probabilities', 'label']);
      const meta = Object.fromEntries(m.metadataProps!.map((p) => [p.key, p.value]));
      expect(meta['vigil.task']).toBe('multiclass');
      expect(JSON.parse(meta['vigil.classes']!)).toEqual(['high', 'low', 'mid']);
      if (trainer === 'gbdt') {
        expect(r1.lineage.best_iteration).toBeGreaterThan(0);
        expect(r1.summary.rounds).toBe(r1.lineage.best_iteration);
      }
    });
  }

  for (const trainer of ['ridge', 'gbdt']) {
    it(`regression ${trainer}: prediction output, parity, deterministic bytes`, async () => {
      const params = trainer === 'gbdt' ? { n_trees: 80, max_depth: 3 } : { l2: 0.5 };
      const r1 = await trainTaskModel({ task: 'regression', table, target: 'value', trainer, params, seed: 1 });
      const r2 = await trainTaskModel({ task: 'regression', table, target: 'value', trainer, params, seed: 1 });
      expect(r1.artifactSha256).toBe(r2.artifactSha256);
      expect(r1.metrics.parity.output).toBe('prediction');
      expect(r1.metrics.validation!.split.stratified).toBe(false);
      expect((r1.metrics.validation!.metrics as { r2: number }).r2).toBeGreaterThan(0.8);
      const m = onnx.ModelProto.decode(r1.onnxBytes);
      expect(m.graph!.output!.map((o) => o.name)).toEqual(['features', 'prediction']);
      expect(r1.lineage.params).toEqual(trainer === 'ridge' ? { l2: 0.5 } : expect.objectContaining({ early_stopping_rounds: 20 }));
    });
  }

  it('trains on one row (no validation split) and on tiny multiclass data', async () => {
    const one = await trainTaskModel({ task: 'regression', table: buildTable(['x', 'v'], [['1', '5']]), target: 'v', trainer: 'gbdt' });
    expect(one.metrics.validation).toBeNull();
    expect(one.metrics.training).toMatchObject({ n: 1, rmse: 0, r2: null });
    const two = await trainTaskModel({ task: 'multiclass', table: buildTable(['x', 'k'], [['1', 'a'], ['2', 'b']]), target: 'k', trainer: 'gbdt' });
    expect(two.metrics.validation).toBeNull();
    expect(two.metrics.training.n).toBe(2);
  });

  it('trains on a constant regression target and on a class with a single row', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => [String(i), i === 0 ? 'only' : i % 2 ? 'odd' : 'even', '7']);
    const t = buildTable(['x', 'cls', 'v'], rows);
    const reg = await trainTaskModel({ task: 'regression', table: t, target: 'v', trainer: 'gbdt', params: { min_samples_leaf: 1 } });
    expect(reg.metrics.training).toMatchObject({ rmse: 0, r2: 1 });
    const ridge = await trainTaskModel({ task: 'regression', table: t, target: 'v', trainer: 'ridge' });
    expect((ridge.metrics.training as { rmse: number }).rmse).toBeLessThan(1e-9);
    const mc = await trainTaskModel({ task: 'multiclass', table: t, target: 'cls', trainer: 'logreg' });
    expect(mc.lineage.classes).toEqual(['even', 'odd', 'only']);
    // The single 'only' row stays in training; validation has the other classes.
    expect(mc.metrics.validation!.metrics.n).toBe(6);
  });

  it('rejects bad targets and trainers with clear messages', async () => {
    await expect(trainTaskModel({ task: 'multiclass', table, target: 'nope', trainer: 'logreg' })).rejects.toThrow(/target column 'nope' not found/);
    await expect(trainTaskModel({ task: 'regression', table, target: 'cls', trainer: 'ridge' })).rejects.toThrow(/must be a finite number, got "mid" at row 1 \(line 2\)|got "(low|high)" at row 1/);
    await expect(trainTaskModel({ task: 'regression', table, target: 'value', trainer: 'logreg' })).rejects.toThrow(/unknown trainer 'logreg' for task regression \(available: ridge, gbdt\)/);
    await expect(trainTaskModel({ task: 'multiclass', table, target: 'cls', trainer: 'ridge' })).rejects.toThrow(/available: logreg, gbdt/);
    await expect(trainTaskModel({ task: 'regression', table, target: 'value', trainer: 'ridge', params: { l2: 1, max_iter: 3 } })).rejects.toThrow(/unknown ridge parameter\(s\): max_iter/);
    const one = buildTable(['x', 'y'], [['1', 'a'], ['2', 'a']]);
    await expect(trainTaskModel({ task: 'multiclass', table: one, target: 'y', trainer: 'logreg' })).rejects.toThrow(/only class "a"/);
    const miss = buildTable(['x', 'y'], [['1', 'a'], ['2', null], ['3', 'b']]);
    await expect(trainTaskModel({ task: 'multiclass', table: miss, target: 'y', trainer: 'logreg' })).rejects.toThrow(/target 'y' is missing at row 2 \(line 3\)/);
    const ids = buildTable(['x', 'y'], Array.from({ length: 150 }, (_, i) => [String(i), `id${i}`]));
    await expect(trainTaskModel({ task: 'multiclass', table: ids, target: 'y', trainer: 'gbdt' })).rejects.toThrow(/more than 100 distinct classes \(by row 101/);
    const huge = buildTable(['x', 'v'], [['1', '1'], ['2', '-1e39']]);
    await expect(trainTaskModel({ task: 'regression', table: huge, target: 'v', trainer: 'gbdt' })).rejects.toThrow(/is -1e39 at row 2 \(line 3\), beyond the float32 range/);
    const coll = buildTable(['c', 'v'], [['a', '1'], ['b', '2'], ['a', '1.5'], ['b', '3']]);
    await expect(trainTaskModel({ task: 'regression', table: coll, target: 'v', trainer: 'ridge', params: { l2: 0 } })).rejects.toThrow(/l2 = 0 has no unique solution/);
  });
});
