// End to end: `vigil train` → `vigil predict` on CSVs in a temp dir, plus the user errors.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main';
import { parseCsv } from '../../server/ml/data/csv';
import { GraphBuilder, attr } from '../../server/ml/onnx/graph-builder';
import { seededRng } from '../../server/ml/trainers/rng';
import { exfiltratingModel } from '../../tests/helpers/hostile-onnx';

const dir = mkdtempSync(join(tmpdir(), 'vigil-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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

function writeCsv(name: string, header: string[], rows: (string | null)[][]): string {
  const p = join(dir, name);
  writeFileSync(p, [header, ...rows].map((r) => r.map(quote).join(',')).join('\n') + '\n');
  return p;
}

const header = ['id', 'age', 'income', 'city', 'y'];
const rows: (string | null)[][] = [];
{
  const r = seededRng(11);
  for (let i = 0; i < 300; i++) {
    const age = 20 + Math.floor(r() * 50);
    const income = r() < 0.1 ? null : (r() * 9000 + 100).toFixed(2);
    const city = ['Oslo', 'Bergen', 'Trondheim, "N"'][Math.floor(r() * 3)];
    const z = (age - 45) / 10 + (city === 'Oslo' ? 0.8 : -0.4);
    rows.push([`r${i}`, String(age), income, city, r() < 1 / (1 + Math.exp(-z)) ? '1' : '0']);
  }
}
const data = writeCsv('train.csv', header, rows);
// `id` is a unique string per row: leave it out of the model with an explicit spec.
const specPath = join(dir, 'spec.json');
writeFileSync(
  specPath,
  JSON.stringify({
    version: 1,
    inputs: [
      { name: 'age', type: 'numeric', nullable: false },
      { name: 'income', type: 'numeric', nullable: true },
      { name: 'city', type: 'categorical', nullable: false },
    ],
    features: [
      { input: 'age', transforms: [{ op: 'standardize' }] },
      { input: 'age', name: 'age_band', transforms: [{ op: 'bucketize', boundaries: [30, 50] }] },
      { input: 'income', transforms: [{ op: 'impute', strategy: 'median' }, { op: 'log1p' }, { op: 'standardize' }] },
      { input: 'city', transforms: [{ op: 'one_hot' }] },
    ],
  }),
);

describe('vigil train', () => {
  it('writes model.onnx, metrics.json, lineage.json and prints the artifact hash', async () => {
    const out = join(dir, 'm1');
    const r = await run(['train', '--data', data, '--target', 'y', '--trainer', 'logreg', '--features', specPath, '--seed', '3', '--out', out, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc)).toEqual(['artifact_sha256', 'metrics']);
    const bytes = readFileSync(join(out, 'model.onnx'));
    expect(doc.artifact_sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(doc.metrics.training.n).toBe(300);
    expect(doc.metrics.validation.n).toBe(60);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.validation.curves.roc.fpr.length).toBeGreaterThan(2);
    expect(metrics.step_metrics.length).toBeGreaterThan(2);
    const lineage = JSON.parse(readFileSync(join(out, 'lineage.json'), 'utf8'));
    expect(lineage.data_sha256).toBe(createHash('sha256').update(readFileSync(data)).digest('hex'));
    expect(lineage).toMatchObject({ trainer: 'logreg', seed: 3, params: { l2: 1, max_iter: 100, tol: 1e-8 } });
    expect(lineage.feature_spec_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(lineage.runtime)).toEqual(['node', 'onnxruntime', 'vigil']);
  });

  it('gives a bit-identical model.onnx for the same inputs', async () => {
    const a = await run(['train', '--data', data, '--target', 'y', '--trainer', 'logreg', '--params', '{"l2":0.5}', '--out', join(dir, 'd1'), '--json']);
    const b = await run(['train', '--data', data, '--target', 'y', '--trainer', 'logreg', '--params', '{"l2":0.5}', '--out', join(dir, 'd2'), '--json']);
    expect(JSON.parse(a.out).artifact_sha256).toBe(JSON.parse(b.out).artifact_sha256);
    expect(readFileSync(join(dir, 'd1', 'model.onnx')).equals(readFileSync(join(dir, 'd2', 'model.onnx')))).toBe(true);
  });

  it.each([
    [['--trainer', 'forest'], /unknown trainer 'forest'/],
    [['--trainer', 'logreg', '--params', '{l2:1}'], /--params is not valid JSON/],
    [['--trainer', 'logreg', '--params', '{"l2":1,"depth":3}'], /unknown logreg parameter\(s\): depth/],
    [['--trainer', 'logreg', '--params', '{"max_iter":-1}'], /logreg parameter max_iter/],
    [['--trainer', 'logreg', '--seed', 'abc'], /--seed must be a non-negative integer/],
    [['--trainer', 'gbdt', '--threads', '0'], /--threads must be an integer from 1 to 64, got '0'/],
    [['--trainer', 'gbdt', '--threads', '1e9'], /--threads must be an integer from 1 to 64/],
    [['--trainer', 'gbdt', '--threads', '65'], /--threads must be an integer from 1 to 64/],
  ])('rejects %j', async (extra, re) => {
    const r = await run(['train', '--data', data, '--target', 'y', ...extra, '--out', join(dir, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(re);
    expect(r.out).toBe('');
  });

  it('rejects a missing target column and a non-binary target', async () => {
    let r = await run(['train', '--data', data, '--target', 'label', '--trainer', 'logreg', '--out', join(dir, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/target column 'label' not found/);
    r = await run(['train', '--data', data, '--target', 'age', '--trainer', 'logreg', '--out', join(dir, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/target 'age' must be binary 0\/1, got "\d+" at row 1 \(line 2\)/);
  });

  it('rejects an invalid feature spec, naming the field', async () => {
    const bad = join(dir, 'bad-spec.json');
    writeFileSync(bad, JSON.stringify({ version: 1, inputs: [{ name: 'age', type: 'numeric', nullable: false }], features: [{ input: 'age', transforms: [{ op: 'impute', strategy: 'mode' }] }] }));
    const r = await run(['train', '--data', data, '--target', 'y', '--trainer', 'logreg', '--features', bad, '--out', join(dir, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/feature spec: features\[0\]\.transforms\[0\]\.strategy/);
  });
});

describe('vigil predict', () => {
  const model = join(dir, 'm1', 'model.onnx');

  it('scores every row in input order, keeping the input columns, with RFC 4180 quoting', async () => {
    const out = join(dir, 'p.csv');
    const r = await run(['predict', '--model', model, '--data', data, '--out', out, '--json']);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toEqual({ rows_scored: 300, rows_skipped: 0, out });
    const p = parseCsv(readFileSync(out, 'utf8'));
    expect(p.header).toEqual([...header, 'score']);
    expect(p.rows.map((row) => row.slice(0, 5))).toEqual(rows);
    // The scores are the model's: their log loss is the training log loss the train run reported
    // (float32 probabilities, so agreement to ~1e-7 rather than exactly).
    const metrics = JSON.parse(readFileSync(join(dir, 'm1', 'metrics.json'), 'utf8'));
    let ll = 0;
    for (const row of p.rows) {
      const s = Number(row[5]);
      ll -= row[4] === '1' ? Math.log(s) : Math.log(1 - s);
    }
    expect(Math.abs(ll / 300 - metrics.training.log_loss)).toBeLessThan(1e-6);
  });

  it('names row and column of a missing non-nullable value; --skip-invalid leaves the row out and counts it', async () => {
    const bad = writeCsv('bad.csv', ['age', 'income', 'city'], [['30', '100', 'Oslo'], ['41', null, 'Bergen'], ['50', '7', null], ['x', '1', 'Oslo'], ['35', null, 'Nowhere']]);
    const out = join(dir, 'pb.csv');
    let r = await run(['predict', '--model', model, '--data', bad, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/row 3 \(line 4\), column 'city': missing value/);
    expect(existsSync(out)).toBe(false);
    r = await run(['predict', '--model', model, '--data', bad, '--out', out, '--skip-invalid', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ rows_scored: 3, rows_skipped: 2, out });
    const p = parseCsv(readFileSync(out, 'utf8'));
    // Missing nullable income is imputed; an unknown city is all zeros: both still score.
    expect(p.rows.map((row) => row[0])).toEqual(['30', '41', '35']);
  });

  it('reports a missing input column', async () => {
    const bad = writeCsv('nocity.csv', ['age', 'income'], [['30', '1']]);
    const r = await run(['predict', '--model', model, '--data', bad, '--out', join(dir, 'x.csv')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the model needs column\(s\) 'city'/);
  });

  it('scores a model with a single [N,d] float input, fed by --columns in order', async () => {
    const b = new GraphBuilder();
    const x = b.input('X', 'float', ['N', 2]);
    const z = b.op('MatMul', [x, b.floats('w', [1, -1], [2, 1])]);
    b.output(b.op('Sigmoid', [z], undefined, { output: 'prob' }), 'float', ['N', 1]);
    const m = join(dir, 'matrix.onnx');
    writeFileSync(m, b.toBytes());
    const csv = writeCsv('m.csv', ['u', 'v', 'w'], [['1', '0', 'a'], ['0', '2', 'b']]);
    const out = join(dir, 'pm.csv');
    let r = await run(['predict', '--model', m, '--data', csv, '--out', out, '--columns', 'v,u', '--json']);
    expect(r.err).toBe('');
    const p = parseCsv(readFileSync(out, 'utf8'));
    const sig = (t: number) => Math.fround(1 / (1 + Math.exp(-t)));
    expect(p.rows.map((row) => Number(row[3]))).toEqual([sig(0 - 1), sig(2 - 0)].map((v) => expect.closeTo(v, 7)));
    r = await run(['predict', '--model', m, '--data', csv, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/one \[N,2\] input \('X'\) but .* has 3 columns; name the 2 feature columns in order with --columns/);
  });

  it('says clearly when the model has neither input shape', async () => {
    const b = new GraphBuilder();
    const x = b.input('T', 'float', ['N', 2, 3]);
    b.output(b.op('Sigmoid', [b.op('ReduceSum', [x, b.int64s('ax', [1, 2])], { keepdims: attr.int(0) })], undefined, { output: 'p' }), 'float', ['N']);
    const m = join(dir, 'tensor3.onnx');
    writeFileSync(m, b.toBytes());
    const r = await run(['predict', '--model', m, '--data', data, '--out', join(dir, 'x.csv')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/needs either one \[N,1\] input per column or a single \[N,d\] float input; its inputs are T: tensor\(float\) \[N,2,3\]/);
  });

  it('refuses a model whose tensor data lives in another file (external data) before onnxruntime reads it', async () => {
    // onnxruntime resolves external data of a model loaded from bytes inside the working folder,
    // where a checkout keeps .env.local: put the "secret" there.
    const secret = `.vigil-cli-test-secret-${process.pid}`;
    writeFileSync(secret, 'NEXTAUTH_SECRET=do-not-leak');
    const m = join(dir, 'exfil.onnx');
    writeFileSync(m, exfiltratingModel(secret, 27));
    const csv = writeCsv('idx.csv', ['x', 'pad'], Array.from({ length: 27 }, (_, i) => [String(i), '0']));
    const out = join(dir, 'leak.csv');
    let r;
    try {
      r = await run(['predict', '--model', m, '--data', csv, '--out', out]);
    } finally {
      rmSync(secret, { force: true });
    }
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/refused: .*external data/);
    expect(existsSync(out)).toBe(false);
  });
});
