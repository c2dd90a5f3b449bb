import { describe, expect, it } from 'vitest';
import { buildTable, type Table } from '../data/table';
import { onnx } from '../onnx/proto';
import { threadedLevelCount } from '../trainers/gbdt-tree';
import { seededRng } from '../trainers/rng';
import { trainModel } from './train-model';

function dataset(n: number, seed: number): Table {
  const r = seededRng(seed);
  const rows: (string | null)[][] = [];
  for (let i = 0; i < n; i++) {
    const a = r() * 4 - 2;
    const b = r() < 0.1 ? null : (r() * 100).toFixed(2);
    const c = ['red', 'green', 'blue'][Math.floor(r() * 3)];
    const z = 1.5 * a + (c === 'red' ? 1 : -0.5) + (b === null ? 0 : Number(b) / 50 - 1);
    rows.push([a.toFixed(4), b, c, r() < 1 / (1 + Math.exp(-z)) ? '1' : '0']);
  }
  return buildTable(['a', 'b', 'c', 'y'], rows);
}

describe('trainModel', () => {
  const table = dataset(400, 3);

  it('trains logreg end to end: parity, metrics, lineage, deterministic bytes', async () => {
    const phases = new Set<string>();
    const r1 = await trainModel({ table, target: 'y', trainer: 'logreg', seed: 7, onProgress: (p) => void phases.add(p.phase) });
    const r2 = await trainModel({ table, target: 'y', trainer: 'logreg', seed: 7 });
    expect(Buffer.from(r1.onnxBytes).equals(Buffer.from(r2.onnxBytes))).toBe(true);
    expect(r1.artifactSha256).toBe(r2.artifactSha256);
    expect(r1.artifactSha256).toMatch(/^[0-9a-f]{64}$/);
    expect([...phases]).toEqual(['holdout', 'final']);
    expect(r1.metrics.parity.max_abs_feature_diff).toBeLessThanOrEqual(1e-6);
    expect(r1.metrics.training.n).toBe(400);
    expect(r1.metrics.training.auc!).toBeGreaterThan(0.7);
    expect(r1.metrics.validation!.split).toEqual({ fraction: 0.2, seed: 7, train_rows: 320, validation_rows: 80 });
    expect(r1.metrics.validation!.curves.roc!.fpr[0]).toBe(0);
    expect(r1.lineage.params).toEqual({ l2: 1, max_iter: 100, tol: 1e-8 });
    expect(r1.lineage.trainer).toBe('logreg');
    expect(r1.lineage.feature_spec.inputs.map((i) => i.name)).toEqual(['a', 'b', 'c']);
    const m = onnx.ModelProto.decode(r1.onnxBytes);
    expect(m.graph!.input!.map((i) => i.name)).toEqual(['a', 'b', 'c']);
    expect(m.graph!.output!.map((o) => o.name)).toEqual(['features', 'probability']);
    expect(m.graph!.node!.some((n) => n.opType === 'ZipMap')).toBe(false);
    // A different seed changes only the holdout split, never the final model.
    const r3 = await trainModel({ table, target: 'y', trainer: 'logreg', seed: 8 });
    expect(r3.artifactSha256).not.toBe(r1.artifactSha256); // the seed is recorded in metadata
    expect(r3.metrics.training).toEqual(r1.metrics.training);
  });

  it('trains a gbdt on 2 threads into the same bytes as on 1', async () => {
    const big = dataset(8000, 5);
    const params = { n_trees: 8, max_depth: 4 };
    const before = threadedLevelCount();
    const one = await trainModel({ table: big, target: 'y', trainer: 'gbdt', params, seed: 3, threads: 1 });
    expect(threadedLevelCount()).toBe(before);
    const two = await trainModel({ table: big, target: 'y', trainer: 'gbdt', params, seed: 3, threads: 2 });
    expect(threadedLevelCount()).toBeGreaterThan(before);
    expect(two.artifactSha256).toBe(one.artifactSha256);
    expect(two.metrics).toEqual(one.metrics);
  });

  it('rejects bad targets, trainers and params with clear messages', async () => {
    await expect(trainModel({ table, target: 'nope', trainer: 'logreg' })).rejects.toThrow(/target column 'nope' not found/);
    await expect(trainModel({ table, target: 'c', trainer: 'logreg' })).rejects.toThrow(/must be binary 0\/1, got "green" at row 1 \(line 2\)/);
    const t2 = buildTable(['x', 'y'], [['1', '0'], ['2', null], ['3', '1']]);
    await expect(trainModel({ table: t2, target: 'y', trainer: 'logreg' })).rejects.toThrow(/target 'y' is missing at row 2 \(line 3\)/);
    const t3 = buildTable(['x', 'y'], [['1', '0'], ['2', '2']]);
    await expect(trainModel({ table: t3, target: 'y', trainer: 'logreg' })).rejects.toThrow(/got "2" at row 2/);
    await expect(trainModel({ table, target: 'y', trainer: 'forest' })).rejects.toThrow(/unknown trainer 'forest'/);
    await expect(trainModel({ table, target: 'y', trainer: 'logreg', params: { l2: 1, n_trees: 5 } })).rejects.toThrow(/unknown logreg parameter\(s\): n_trees/);
    await expect(trainModel({ table, target: 'y', trainer: 'logreg', params: { max_iter: 0 } })).rejects.toThrow(/logreg parameter max_iter/);
    await expect(trainModel({ table, target: 'y', trainer: 'logreg', spec: { version: 1 } })).rejects.toThrow(/feature spec: inputs/);
  });
});
