// `npm run bench:train`: Vigil's GBDT and logistic regression against XGBoost (hist) and
// scikit-learn's LogisticRegression, on the same rows, timed in the same run.
//
// 1. /usr/bin/python3 bench/reference/prepare_data.py writes the data sets as CSV under
//    .vigil/bench/ (fixed-seed train/test splits; see that script for what the data are).
// 2. Each trainer fits the training rows; we time only the fit (the Python scripts time only
//    xgb.train / LogisticRegression.fit, after loading the data) and score the test rows.
// 3. A table is printed, then ONE JSON line with the headline figures for the large data set.
//
// Options: --fresh regenerates the CSVs; --trees N --depth N --lr X override the GBDT settings
// (shared by Vigil and XGBoost).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fitGbdt, parseGbdtParams, predictMargins } from '../server/ml/trainers/gbdt';
import { fastAuc } from '../server/ml/trainers/gbdt-auc';
import { rocAuc } from '../server/ml/metrics/ranking';
import { trainers } from '../server/ml/trainers/index';
import type { FeatureMatrix } from '../server/ml/trainers/types';

const PYTHON = '/usr/bin/python3';
const ROOT = path.resolve(import.meta.dirname, '..');
const DATA_DIR = path.join(ROOT, '.vigil', 'bench');
const DATASETS = ['credit_synth', 'breast_cancer'] as const;

interface Table {
  X: FeatureMatrix;
  y: Uint8Array;
}

function fail(message: string): never {
  process.stderr.write(`bench:train: ${message}\n`);
  process.exit(1);
}

function python(args: string[]): string {
  const r = spawnSync(PYTHON, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.error) fail(`could not run ${PYTHON}: ${r.error.message}`);
  if (r.status !== 0) fail(`${PYTHON} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

/** Reads the benchmark CSVs (all-numeric, written by prepare_data.py; last column `label`). */
function load(file: string): Table {
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const header = lines[0].split(',');
  const d = header.length - 1;
  const n = lines.length - 1;
  const values = new Float64Array(n * d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const cells = lines[i + 1].split(',');
    for (let f = 0; f < d; f++) values[i * d + f] = Number(cells[f]);
    y[i] = Number(cells[d]);
  }
  return { X: { values, n, d, featureNames: header.slice(0, d) }, y };
}

/** Standardises with the training mean and (population) standard deviation, as sk_logreg.py does. */
function standardise(train: FeatureMatrix, test: FeatureMatrix): [FeatureMatrix, FeatureMatrix] {
  const { n, d } = train;
  const mu = new Float64Array(d);
  const sd = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) mu[f] += train.values[i * d + f] / n;
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) sd[f] += (train.values[i * d + f] - mu[f]) ** 2 / n;
  for (let f = 0; f < d; f++) sd[f] = Math.sqrt(sd[f]) || 1;
  const apply = (M: FeatureMatrix): FeatureMatrix => ({
    ...M,
    values: M.values.map((v, k) => (v - mu[k % d]) / sd[k % d]),
  });
  return [apply(train), apply(test)];
}

interface Row {
  dataset: string;
  trainer: string;
  rows: number;
  features: number;
  seconds: number;
  auc: number;
}

async function main(): Promise<void> {
  const { values: opts } = parseArgs({
    options: {
      fresh: { type: 'boolean', default: false },
      trees: { type: 'string', default: '100' },
      depth: { type: 'string', default: '6' },
      lr: { type: 'string', default: '0.1' },
    },
    strict: true,
  });
  const gbdtParams = parseGbdtParams({ n_trees: Number(opts.trees), max_depth: Number(opts.depth), learning_rate: Number(opts.lr) });

  const probe = spawnSync(PYTHON, ['-c', 'import xgboost, sklearn, numpy'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    fail(
      `${PYTHON} cannot import xgboost/scikit-learn (${(probe.error?.message ?? probe.stderr).trim().split('\n').pop()}).\n` +
        'Install the Debian packages python3-xgboost and python3-sklearn (apt-get install python3-xgboost python3-sklearn).',
    );
  }
  const missing = DATASETS.some((ds) => !existsSync(path.join(DATA_DIR, `${ds}_test.csv`)));
  if (opts.fresh || missing) {
    process.stderr.write(`preparing data under ${path.relative(ROOT, DATA_DIR)}/ …\n`);
    python([path.join('bench', 'reference', 'prepare_data.py'), '--out', DATA_DIR]);
  }

  const logreg = trainers.logreg;
  const results: Row[] = [];
  for (const ds of DATASETS) {
    const trainFile = path.join(DATA_DIR, `${ds}_train.csv`);
    const testFile = path.join(DATA_DIR, `${ds}_test.csv`);
    const train = load(trainFile);
    const test = load(testFile);
    const base = { dataset: ds, rows: train.X.n, features: train.X.d };
    process.stderr.write(`${ds}: ${train.X.n} train rows, ${test.X.n} test rows, ${train.X.d} features\n`);

    let t0 = performance.now();
    const model = await fitGbdt(train.X, train.y, gbdtParams, { seed: 1 });
    let seconds = (performance.now() - t0) / 1000;
    results.push({ ...base, trainer: 'vigil gbdt', seconds, auc: fastAuc(predictMargins(model, test.X.values, test.X.n), test.y) });

    const gbdtArgs = ['--train', trainFile, '--test', testFile, '--trees', opts.trees!, '--depth', opts.depth!, '--lr', opts.lr!];
    const script = path.join('bench', 'reference', 'xgb_train.py');
    const xgbDefault = JSON.parse(python([script, ...gbdtArgs]));
    results.push({ ...base, trainer: 'xgboost hist (default threads)', seconds: xgbDefault.train_s, auc: xgbDefault.auc });
    const xgbOne = JSON.parse(python([script, ...gbdtArgs, '--threads', '1']));
    results.push({ ...base, trainer: 'xgboost hist (1 thread)', seconds: xgbOne.train_s, auc: xgbOne.auc });

    if (logreg) {
      const [trS, teS] = standardise(train.X, test.X);
      t0 = performance.now();
      const lr = await logreg.train(trS, train.y, logreg.paramsSchema.parse({}), { seed: 1 });
      seconds = (performance.now() - t0) / 1000;
      results.push({ ...base, trainer: 'vigil logreg', seconds, auc: rocAuc(test.y, lr.predict(teS)) ?? Number.NaN });
    } else {
      process.stderr.write('vigil logreg: not registered in server/ml/trainers/index.ts; skipped\n');
    }
    const sk = JSON.parse(python([path.join('bench', 'reference', 'sk_logreg.py'), '--train', trainFile, '--test', testFile]));
    results.push({ ...base, trainer: 'sklearn LogisticRegression', seconds: sk.train_s, auc: sk.auc });
  }

  const pad = (s: string, w: number) => s.padEnd(w);
  console.log(`GBDT: ${gbdtParams.n_trees} trees, max_depth ${gbdtParams.max_depth}, learning_rate ${gbdtParams.learning_rate}`);
  console.log(`${pad('dataset', 15)}${pad('trainer', 32)}${pad('rows', 9)}${pad('feat', 6)}${pad('train s', 10)}test AUC`);
  for (const r of results) {
    console.log(`${pad(r.dataset, 15)}${pad(r.trainer, 32)}${pad(String(r.rows), 9)}${pad(String(r.features), 6)}${pad(r.seconds.toFixed(3), 10)}${r.auc.toFixed(4)}`);
  }
  const pick = (ds: string, trainer: string) => results.find((r) => r.dataset === ds && r.trainer === trainer);
  const g = pick('credit_synth', 'vigil gbdt')!;
  const x = pick('credit_synth', 'xgboost hist (default threads)')!;
  const x1 = pick('credit_synth', 'xgboost hist (1 thread)')!;
  const bg = pick('breast_cancer', 'vigil gbdt')!;
  const bx = pick('breast_cancer', 'xgboost hist (default threads)')!;
  const vl = pick('credit_synth', 'vigil logreg');
  const sl = pick('credit_synth', 'sklearn LogisticRegression')!;
  const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
  console.log(
    JSON.stringify({
      rows: g.rows,
      features: g.features,
      vigil_gbdt_s: r6(g.seconds),
      ref_gbdt_s: r6(x.seconds),
      time_ratio: r6(g.seconds / x.seconds),
      vigil_auc: r6(g.auc),
      ref_auc: r6(x.auc),
      dataset: 'credit_synth',
      ref_gbdt_1thread_s: r6(x1.seconds),
      time_ratio_1thread: r6(g.seconds / x1.seconds),
      breast_cancer_vigil_auc: r6(bg.auc),
      breast_cancer_ref_auc: r6(bx.auc),
      vigil_logreg_s: vl ? r6(vl.seconds) : null,
      vigil_logreg_auc: vl ? r6(vl.auc) : null,
      ref_logreg_s: r6(sl.seconds),
      ref_logreg_auc: r6(sl.auc),
    }),
  );
}

main().catch((err: unknown) => fail(err instanceof Error ? (err.stack ?? err.message) : String(err)));
