import { describe, expect, it } from 'vitest';
import { buildTable } from '../data/table';
import { seededRng } from '../trainers/rng';
import { trainModel } from './train-model';

/** Rows in time order whose relation flips sign in the last quarter: a random split hides it, out of time shows it. */
function drifting(n: number) {
  const r = seededRng(5);
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const a = r() * 4 - 2;
    const sign = i >= n * 0.75 ? -1 : 1;
    rows.push([a.toFixed(4), r() < 1 / (1 + Math.exp(-3 * sign * a)) ? '1' : '0']);
  }
  return buildTable(['a', 'y'], rows);
}

describe('out-of-time validation', () => {
  it('validates on the latest rows, so a relation that changed late shows in the validation score', async () => {
    const table = drifting(800);
    const random = await trainModel({ table, target: 'y', trainer: 'logreg', seed: 1 });
    const oot = await trainModel({ table, target: 'y', trainer: 'logreg', seed: 1, validationSplit: { kind: 'out_of_time', fraction: 0.25 } });
    expect(oot.metrics.validation!.split).toEqual({ fraction: 0.25, seed: 1, train_rows: 600, validation_rows: 200, kind: 'out_of_time' });
    expect(random.metrics.validation!.split).not.toHaveProperty('kind');
    // Trained on the first 600 rows, the model ranks the last 200 backwards; a random split mixes them in.
    expect(oot.metrics.validation!.metrics.auc!).toBeLessThan(0.3);
    expect(random.metrics.validation!.metrics.auc!).toBeGreaterThan(0.6);
  });
});
