// Golden-set evaluation of multiclass and regression versions (issue 14), end to end: versions
// trained with Vigil's own task trainers and uploaded, a golden set and a sensitive attribute,
// the evaluation started as the console does (evaluations.start → the evaluate job), metrics and
// fairness checked against references computed here from onnxruntime's own outputs with
// straightforward code, gates passing and failing per task, and hostile golden sets and gates.
import * as ort from 'onnxruntime-node';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { evaluations, type Evaluation } from '@/server/db/schema';
import { buildTable } from '@/server/ml/data/table';
import { readSignature } from '@/server/ml/onnx/signature';
import { trainTaskModel } from '@/server/ml/training/train-task-model';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { moveAlias } from '@/server/services/aliases/move-alias';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { uploadModelVersion } from '@/server/services/models/register-version';
import { chunksOf, seededRand } from './helpers/csv';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { waitFor } from './helpers/wait';

let stopWorkers: () => Promise<void>;
beforeAll(async () => {
  stopWorkers = (await startWorkers()).stop;
});
afterAll(async () => {
  await stopWorkers();
  await closeQueues();
});

const CLASSES = ['high', 'low', 'mid'];
const COLORS = ['red', 'green', 'blue'];

/** Rows a, b (numbers), c (a colour, the sensitive attribute), cls (a class) and value (a number). */
function taskRows(n: number, seed: number): string[][] {
  const r = seededRand(seed);
  return Array.from({ length: n }, () => {
    const a = r() * 4 - 2;
    const b = r() * 100;
    const c = COLORS[Math.floor(r() * 3)];
    const z = 1.5 * a + (c === 'red' ? 1 : -0.5) + b / 50 - 1 + (r() - 0.5);
    return [a.toFixed(4), b.toFixed(2), c, z < -1 ? 'low' : z < 1 ? 'mid' : 'high', (10 * z + 100).toFixed(3)];
  });
}
const HEADER = ['a', 'b', 'c', 'cls', 'value'];
const csvOf = (rows: string[][]) => [HEADER.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';

/** A model trained on `rows`; `shuffle` permutes the target first (a deliberately bad model). */
async function trained(task: 'multiclass' | 'regression', trainer: string, rows: string[][], shuffle = false) {
  const target = task === 'multiclass' ? 3 : 4;
  let data = rows;
  if (shuffle) {
    const r = seededRand(99);
    const ys = rows.map((x) => x[target]).sort(() => r() - 0.5);
    data = rows.map((x, i) => x.map((v, j) => (j === target ? ys[i] : v)));
  }
  // The other task's target is not an input.
  const table = buildTable(['a', 'b', 'c', 'y'], data.map((x) => [x[0], x[1], x[2], x[target]]));
  const res = await trainTaskModel({ task, table, target: 'y', trainer, params: trainer === 'gbdt' ? { n_trees: 30, max_depth: 3 } : {}, seed: 1 });
  return res.onnxBytes;
}

/** The model's outputs on rows, straight from onnxruntime (row-major: k per row for multiclass). */
async function reference(bytes: Uint8Array, rows: string[][], output: 'probabilities' | 'prediction'): Promise<Float64Array> {
  const sig = readSignature(bytes);
  if (sig.inputs.kind !== 'columns') throw new Error('expected column inputs');
  const session = await ort.InferenceSession.create(bytes);
  const feeds: Record<string, ort.Tensor> = {};
  for (const inp of sig.inputs.inputs) {
    const j = HEADER.indexOf(inp.name);
    const dims = inp.rank === 2 ? [rows.length, 1] : [rows.length];
    if (inp.elem === 'string') feeds[inp.name] = new ort.Tensor('string', rows.map((r) => r[j]), dims);
    else if (inp.elem === 'double') feeds[inp.name] = new ort.Tensor('float64', Float64Array.from(rows, (r) => Number(r[j])), dims);
    else feeds[inp.name] = new ort.Tensor('float32', Float32Array.from(rows, (r) => Number(r[j])), dims);
  }
  const out = await session.run(feeds);
  await session.release();
  return Float64Array.from(out[output].data as Float32Array);
}

async function evaluated(caller: ReturnType<typeof callerAs>, model: string, version: number): Promise<Evaluation> {
  const started = await caller.evaluations.start({ model, version });
  return waitFor(async () => (await db().select().from(evaluations).where(eq(evaluations.id, started.id)))[0], (e) => e.status === 'succeeded' || e.status === 'failed', 90_000, 'evaluation');
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
function quantile(xs: number[], q: number) {
  const s = [...xs].sort((a, b) => a - b);
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
}

async function setup(prefix: string) {
  const admin = await makeUser('admin');
  return { admin, ctx: { db: db(), actor: actorOf(admin) }, caller: callerAs(admin), name: uniq(prefix).toLowerCase() };
}

describe('multiclass evaluation', () => {
  it('metrics, per-class AUC, confusion matrix, fairness by group and gates on the golden set', async () => {
    const s = await setup('mc');
    const train = taskRows(500, 1);
    const bad = await trained('multiclass', 'logreg', train, true);
    const good = await trained('multiclass', 'gbdt', train);
    await uploadModelVersion(s.ctx, { model: s.name }, bad);
    await uploadModelVersion(s.ctx, { model: s.name }, good);
    await moveAlias(s.ctx, { model: s.name, alias: 'production', version: 1, reason: 'first' });
    const goldenRows = taskRows(240, 2);
    const golden = await uploadDataset(s.ctx, { name: uniq('golden') }, chunksOf(csvOf(goldenRows)));
    await s.caller.evaluations.setGoldenSet({ model: s.name, datasetVersionId: golden.version.id, labelColumn: 'cls' });
    // The default multiclass gates (macro F1, log-loss vs the incumbent, accuracy per slice) plus
    // an absolute macro-F1 bar the candidate cannot reach.
    const policy = await s.caller.evaluations.policy({ model: s.name });
    expect(policy.task).toBe('multiclass');
    expect(policy.gates.overall.map((g) => g.metric)).toEqual(['macro_f1', 'log_loss']);
    await s.caller.evaluations.setPolicy({ model: s.name, sensitiveAttributes: ['c'], gates: { overall: [...policy.gates.overall, { metric: 'macro_f1', greater_is_better: true, threshold: 0.999 }], slice: policy.gates.slice } });

    const ev = await evaluated(s.caller, s.name, 2);
    expect(ev.status, ev.error ?? '').toBe('succeeded');
    type Side = { version: number; task: string; classes: string[]; metrics: Record<string, number | null>; auc_ovr: Record<string, number | null>; confusion: number[][]; fairness: Record<string, { task: string; groups: { group: string; n: number; accuracy: number; selection_rates: Record<string, number> }[]; accuracy_gap: number; intervals: { accuracy_gap: { lo: number; hi: number } } }> };
    const result = ev.result as { task: string; rows: number; skipped: number; candidate: Side; incumbent: Side; gates: { gate: string; status: string; detail: string }[] };
    expect(result).toMatchObject({ task: 'multiclass', rows: 240, skipped: 0 });

    // Reference: onnxruntime's probabilities, arg-max, counted here.
    const probs = await reference(good, goldenRows, 'probabilities');
    const y = goldenRows.map((r) => CLASSES.indexOf(r[3]));
    const pred = y.map((_, i) => [0, 1, 2].reduce((b, c) => (probs[i * 3 + c] > probs[i * 3 + b] ? c : b), 0));
    const confusion = CLASSES.map((_, t) => CLASSES.map((__, p) => y.filter((yy, i) => yy === t && pred[i] === p).length));
    const c = result.candidate;
    expect(c.classes).toEqual(CLASSES);
    expect(c.confusion).toEqual(confusion);
    expect(c.metrics.n).toBe(240);
    expect(c.metrics.accuracy).toBeCloseTo(y.filter((yy, i) => yy === pred[i]).length / 240, 12);
    const f1 = CLASSES.map((_, k) => {
      const tp = confusion[k][k];
      const predicted = confusion.reduce((sum, row) => sum + row[k], 0);
      const support = confusion[k].reduce((a, b) => a + b, 0);
      return tp === 0 ? 0 : (2 * tp) / (predicted + support);
    });
    expect(c.metrics.macro_f1).toBeCloseTo(mean(f1), 10);
    expect(c.metrics.log_loss).toBeCloseTo(mean(y.map((k, i) => -Math.log(Math.min(Math.max(probs[i * 3 + k], 1e-15), 1 - 1e-15) / [0, 1, 2].reduce((sum, j) => sum + Math.min(Math.max(probs[i * 3 + j], 1e-15), 1 - 1e-15), 0)))), 5);
    // jsonb orders object keys its own way: `classes` keeps the order.
    expect(Object.keys(c.auc_ovr).sort()).toEqual(CLASSES);
    expect(c.metrics.auc_ovr_macro).toBeGreaterThan(0.8);
    expect(result.incumbent.metrics.macro_f1!).toBeLessThan(c.metrics.macro_f1!);

    // Fairness by c: per-group accuracy and selection rates from the same reference.
    const byC = c.fairness.c;
    expect(byC.task).toBe('multiclass');
    for (const color of COLORS) {
      const idx = goldenRows.flatMap((r, i) => (r[2] === color ? [i] : []));
      const g = byC.groups.find((x) => x.group === color)!;
      expect(g.n).toBe(idx.length);
      expect(g.accuracy).toBeCloseTo(idx.filter((i) => y[i] === pred[i]).length / idx.length, 12);
      CLASSES.forEach((cls, k) => expect(g.selection_rates[cls]).toBeCloseTo(idx.filter((i) => pred[i] === k).length / idx.length, 12));
    }
    const accs = byC.groups.map((g) => g.accuracy);
    expect(byC.accuracy_gap).toBeCloseTo(Math.max(...accs) - Math.min(...accs), 12);
    expect(byC.intervals.accuracy_gap.lo).toBeLessThanOrEqual(byC.intervals.accuracy_gap.hi);

    // Gates: better than the incumbent on macro F1 and log-loss; below the absolute bar.
    const status = Object.fromEntries(result.gates.map((g) => [g.gate, g.status]));
    expect(result.gates.filter((g) => g.gate === 'overall: macro_f1').map((g) => g.status)).toEqual(['pass', 'fail']);
    expect(status['overall: log_loss']).toBe('pass');
    expect(result.gates.find((g) => g.status === 'fail')!.detail).toMatch(/macro_f1 0\.\d+ is below the threshold 0\.9990/);
    expect(Object.keys(status).filter((k) => k.startsWith('slice c=')).sort()).toEqual(['slice c=blue: accuracy', 'slice c=green: accuracy', 'slice c=red: accuracy']);
    expect(Object.keys(status).some((k) => k.startsWith('disparity'))).toBe(false);
    expect(ev.verdict).toBe('fail');

    // The console's offline fairness reads the same report, saying the task.
    const offline = await s.caller.fairness.offline({ model: s.name, version: 2 });
    expect(offline).toMatchObject({ evaluationId: ev.id, task: 'multiclass', role: 'candidate' });
    expect(offline!.fairness).toEqual(result.candidate.fairness);
    await expect(s.caller.fairness.online({ model: s.name, attribute: 'c', windowMinutes: 60 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/multiclass model: see its offline/) });
  });

  it('a golden-set label that is not a class fails the evaluation naming the row; a wrong gate is refused', async () => {
    const s = await setup('mcbad');
    await uploadModelVersion(s.ctx, { model: s.name }, await trained('multiclass', 'logreg', taskRows(200, 3)));
    const rows = taskRows(30, 4);
    rows[6][3] = 'medium';
    const golden = await uploadDataset(s.ctx, { name: uniq('golden') }, chunksOf(csvOf(rows)));
    await s.caller.evaluations.setGoldenSet({ model: s.name, datasetVersionId: golden.version.id, labelColumn: 'cls' });
    const ev = await evaluated(s.caller, s.name, 1);
    expect(ev.status).toBe('failed');
    expect(ev.error).toContain(`golden set row 7 (CSV line 8): label "medium" in column 'cls' is not a class of v1 (classes: high, low, mid)`);
    await expect(s.caller.evaluations.setPolicy({ model: s.name, gates: { overall: [{ metric: 'auc', greater_is_better: true, min_absolute_change: -0.01 }], slice: [] } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: "overall gate 1: 'auc' is not a metric of a multiclass model (overall gate metrics for multiclass: accuracy, log_loss, macro_f1, micro_f1, weighted_f1, auc_ovr_macro)",
    });
  });
});

describe('regression evaluation', () => {
  it('RMSE, MAE, R², residuals, per-group errors and a failing rmse gate against a better incumbent', async () => {
    const s = await setup('reg');
    const train = taskRows(500, 5);
    const good = await trained('regression', 'ridge', train);
    const bad = await trained('regression', 'gbdt', train, true);
    await uploadModelVersion(s.ctx, { model: s.name }, good);
    await uploadModelVersion(s.ctx, { model: s.name }, bad);
    await moveAlias(s.ctx, { model: s.name, alias: 'production', version: 1, reason: 'first' });
    const goldenRows = taskRows(200, 6);
    const golden = await uploadDataset(s.ctx, { name: uniq('golden') }, chunksOf(csvOf(goldenRows)));
    // A text column is no regression label.
    await expect(s.caller.evaluations.setGoldenSet({ model: s.name, datasetVersionId: golden.version.id, labelColumn: 'cls' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: `label column 'cls' must hold numbers: ${s.name} is a regression model` });
    await s.caller.evaluations.setGoldenSet({ model: s.name, datasetVersionId: golden.version.id, labelColumn: 'value' });
    // A gate in the wrong direction would pass a worse model: refused, naming the field.
    await expect(s.caller.evaluations.setPolicy({ model: s.name, gates: { overall: [{ metric: 'rmse', greater_is_better: true, min_relative_change: -0.05 }], slice: [] } })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/rmse is lower-is-better, so greater_is_better must be false/) });
    await s.caller.evaluations.setPolicy({ model: s.name, sensitiveAttributes: ['c'] });

    // v2 (trained on shuffled targets) against v1: fails rmse ≤ incumbent × 1.05.
    const ev = await evaluated(s.caller, s.name, 2);
    expect(ev.status, ev.error ?? '').toBe('succeeded');
    type Side = { metrics: Record<string, number | null>; residual_quantiles: Record<string, number>; fairness: Record<string, { task: string; groups: { group: string; n: number; mae: number; rmse: number; mean_residual: number }[]; gaps: { mae: number }; intervals: { gaps: { mae: { lo: number; hi: number } } } | null }> };
    const result = ev.result as { task: string; rows: number; candidate: Side; incumbent: Side; gates: { gate: string; status: string; candidate: number; baseline: number }[] };
    expect(result).toMatchObject({ task: 'regression', rows: 200 });
    const y = goldenRows.map((r) => Number(r[4]));
    for (const [side, bytes] of [[result.candidate, bad], [result.incumbent, good]] as const) {
      const p = await reference(bytes, goldenRows, 'prediction');
      const res = y.map((v, i) => v - p[i]);
      const rmse = Math.sqrt(mean(res.map((e) => e * e)));
      expect(side.metrics.rmse).toBeCloseTo(rmse, 9);
      expect(side.metrics.mae).toBeCloseTo(mean(res.map(Math.abs)), 9);
      expect(side.metrics.mean_residual).toBeCloseTo(mean(res), 9);
      const ssTot = y.reduce((a, v) => a + (v - mean(y)) ** 2, 0);
      expect(side.metrics.r2).toBeCloseTo(1 - res.reduce((a, e) => a + e * e, 0) / ssTot, 9);
      expect(side.residual_quantiles.p05).toBeCloseTo(quantile(res, 0.05), 9);
      expect(side.residual_quantiles.p50).toBeCloseTo(quantile(res, 0.5), 9);
      expect(side.residual_quantiles.p95).toBeCloseTo(quantile(res, 0.95), 9);
      for (const color of COLORS) {
        const idx = goldenRows.flatMap((r, i) => (r[2] === color ? [i] : []));
        const g = side.fairness.c.groups.find((x) => x.group === color)!;
        expect(g.n).toBe(idx.length);
        expect(g.mae).toBeCloseTo(mean(idx.map((i) => Math.abs(res[i]))), 9);
        expect(g.rmse).toBeCloseTo(Math.sqrt(mean(idx.map((i) => res[i] ** 2))), 9);
        expect(g.mean_residual).toBeCloseTo(mean(idx.map((i) => res[i])), 9);
      }
      const maes = side.fairness.c.groups.map((g) => g.mae);
      expect(side.fairness.c.gaps.mae).toBeCloseTo(Math.max(...maes) - Math.min(...maes), 12);
      expect(side.fairness.c.intervals!.gaps.mae.lo).toBeLessThanOrEqual(side.fairness.c.intervals!.gaps.mae.hi);
    }
    const rmseGate = result.gates.find((g) => g.gate === 'overall: rmse')!;
    expect(rmseGate.status).toBe('fail');
    expect(rmseGate.candidate).toBeGreaterThan(rmseGate.baseline * 1.05);
    expect(result.gates.filter((g) => g.gate.startsWith('slice c=')).map((g) => g.gate).sort()).toEqual(['slice c=blue: mae', 'slice c=green: mae', 'slice c=red: mae']);
    expect(ev.verdict).toBe('fail');

    // The other way round (the good one as candidate against the bad one in production) passes.
    await moveAlias(s.ctx, { model: s.name, alias: 'production', version: 2, reason: 'swap for the test', breakGlass: true });
    const back = await evaluated(s.caller, s.name, 1);
    expect(back.status, back.error ?? '').toBe('succeeded');
    const overall = (back.result as { gates: { gate: string; status: string }[] }).gates.filter((g) => g.gate.startsWith('overall'));
    expect(overall.map((g) => [g.gate, g.status])).toEqual([
      ['overall: rmse', 'pass'],
      ['overall: mae', 'pass'],
    ]);
  });
});
