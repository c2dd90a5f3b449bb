// `npm run bench:train`: Vigil's GBDT and logistic regression against XGBoost (hist) and
// scikit-learn's LogisticRegression, on the same rows, timed in the same run.
//
// 1. /usr/bin/python3 bench/reference/prepare_data.py writes the data sets as CSV under
//    .vigil/bench/ (fixed-seed train/test splits; see that script for what the data are).
// 2. Each trainer fits the training rows; we time only the fit (the Python scripts time only
//    xgb.train / LogisticRegression.fit, after loading the data) and score the test rows.
//    Vigil's GBDT is fitted on one thread and on --threads threads (default: every core), and
//    the bench fails unless both give the same model bytes; XGBoost on one thread and on its
//    default (every core).
// 3. A table is printed, then ONE JSON line with the headline figures for the large data set.
//
// Options: --fresh regenerates the CSVs; --trees N --depth N --lr X override the GBDT settings
// (shared by Vigil and XGBoost); --threads N; --repeats N runs every fit N times, alternating,
// and keeps each one's fastest (the machine may be shared); --scale also fits a generated
// 1,000,000 × 50 matrix in a child process (bench/train-scale.ts) for rows/s and peak memory
// (--scale-trees N: trees for that fit, default --trees).
// 4. The shipped PyTorch trainer (trainers/torch-mlp) on CPU, through Vigil's command-trainer path
//    in a child process per data set (bench/train-torch.ts): whole-path seconds (Python start-up
//    and the torch import included), the program's own training seconds and the test AUC of the
//    composed artifact. --torch-epochs N (default 10); --no-torch leaves it out; skipped, saying
//    so, when no Python with torch is found.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fitGbdt, parseGbdtParams, predictMargins } from '../server/ml/trainers/gbdt';
import { fastAuc } from '../server/ml/trainers/gbdt-auc';
import { rocAuc } from '../server/ml/metrics/ranking';
import { trainers } from '../server/ml/trainers/index';
import type { FeatureMatrix } from '../server/ml/trainers/types';

const PYTHON = '/usr/bin/python3';
const XGB_PACKAGES = ['python3-xgboost', 'python3-sklearn', 'python3-numpy'];
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

/** One line of bench/train-torch.ts. */
interface TorchFigures {
  seconds: number;
  program_train_s: number;
  auc: number;
  epochs: number;
  parameters: number;
  parity: number;
  reference_parity: number | null;
  torch: string;
  device: string;
}

/** Why the PyTorch trainer cannot run here (no Python with torch, as trainers/torch-mlp/run.sh looks), or null. */
function torchMissing(): string | null {
  const probe = 'import importlib.util as u, sys; sys.exit(0 if u.find_spec("torch") and u.find_spec("numpy") else 1)';
  const ok = ['python3', PYTHON].some((py) => spawnSync(py, ['-c', probe], { stdio: 'ignore' }).status === 0);
  return ok ? null : "no Python with torch and numpy; install Debian's python3-torch";
}

interface Row {
  dataset: string;
  trainer: string;
  rows: number;
  features: number;
  seconds: number;
  /** CPU time of the fit, every thread of the process (less sensitive to other jobs than wall time). */
  cpu: number | null;
  auc: number;
}

/** Wall and CPU seconds of `fn` (CPU: this process, all threads). */
async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { value, seconds, cpu: (c.user + c.system) / 1e6 };
}

/** Keeps the fastest of repeated measurements of the same trainer. */
function keepBest(results: Row[], row: Row): void {
  const i = results.findIndex((r) => r.dataset === row.dataset && r.trainer === row.trainer);
  if (i < 0) results.push(row);
  // A trainer without a CPU figure (sklearn) keeps null, not Math.min's Infinity.
  else if (row.seconds < results[i].seconds) results[i] = { ...row, cpu: row.cpu === null && results[i].cpu === null ? null : Math.min(row.cpu ?? Infinity, results[i].cpu ?? Infinity) };
  else if (row.cpu !== null && results[i].cpu !== null) results[i].cpu = Math.min(row.cpu, results[i].cpu);
}

async function main(): Promise<void> {
  const { values: opts } = parseArgs({
    options: {
      fresh: { type: 'boolean', default: false },
      trees: { type: 'string', default: '100' },
      depth: { type: 'string', default: '6' },
      lr: { type: 'string', default: '0.1' },
      threads: { type: 'string', default: String(availableParallelism()) },
      repeats: { type: 'string', default: '1' },
      scale: { type: 'boolean', default: false },
      'scale-trees': { type: 'string' },
      'torch-epochs': { type: 'string', default: '10' },
      'no-torch': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const threads = Number(opts.threads);
  const repeats = Number(opts.repeats);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) fail(`--threads must be an integer from 1 to 64, got ${opts.threads}`);
  if (!Number.isInteger(repeats) || repeats < 1) fail(`--repeats must be a positive integer, got ${opts.repeats}`);
  const load0 = loadavg()[0];
  const gbdtParams = parseGbdtParams({ n_trees: Number(opts.trees), max_depth: Number(opts.depth), learning_rate: Number(opts.lr) });

  const probe = () => spawnSync(PYTHON, ['-c', 'import xgboost, sklearn, numpy'], { encoding: 'utf8' });
  let probed = probe();
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if ((probed.error || probed.status !== 0) && isRoot && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0) {
    // Like the serving benches: install the baseline's Debian packages when we are root.
    process.stderr.write(`installing Debian's ${XGB_PACKAGES.join(' ')} for the XGBoost baseline …\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () => spawnSync('apt-get', ['install', '-y', '-q', ...XGB_PACKAGES], { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (install().status !== 0) {
      spawnSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'], env });
      install();
    }
    probed = probe();
  }
  if (probed.error || probed.status !== 0) {
    fail(
      `${PYTHON} cannot import xgboost/scikit-learn (${(probed.error?.message ?? probed.stderr).trim().split('\n').pop()}).\n` +
        `Install the Debian packages ${XGB_PACKAGES.join(', ')} (apt-get install ${XGB_PACKAGES.join(' ')}).`,
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

    const gbdtArgs = ['--train', trainFile, '--test', testFile, '--trees', opts.trees!, '--depth', opts.depth!, '--lr', opts.lr!];
    const script = path.join('bench', 'reference', 'xgb_train.py');
    const [trS, teS] = standardise(train.X, test.X);
    for (let rep = 0; rep < repeats; rep++) {
      // One thread, then every thread: the same model bytes or the bench fails.
      const hashes: string[] = [];
      for (const t of threads > 1 ? [1, threads] : [1]) {
        const fit = await timed(() => fitGbdt(train.X, train.y, gbdtParams, { seed: 1, threads: t }));
        hashes.push(createHash('sha256').update(JSON.stringify(fit.value)).digest('hex'));
        const auc = fastAuc(predictMargins(fit.value, test.X.values, test.X.n), test.y);
        keepBest(results, { ...base, trainer: t === 1 ? 'vigil gbdt (1 thread)' : `vigil gbdt (${t} threads)`, seconds: fit.seconds, cpu: fit.cpu, auc });
      }
      if (hashes.some((h) => h !== hashes[0])) fail(`${ds}: the GBDT trained on ${threads} threads differs from the one trained on 1 thread`);

      const xgbDefault = JSON.parse(python([script, ...gbdtArgs]));
      keepBest(results, { ...base, trainer: 'xgboost hist (default threads)', seconds: xgbDefault.train_s, cpu: xgbDefault.cpu_s, auc: xgbDefault.auc });
      const xgbOne = JSON.parse(python([script, ...gbdtArgs, '--threads', '1']));
      keepBest(results, { ...base, trainer: 'xgboost hist (1 thread)', seconds: xgbOne.train_s, cpu: xgbOne.cpu_s, auc: xgbOne.auc });

      if (logreg) {
        const lr = await timed(() => logreg.train(trS, train.y, logreg.paramsSchema.parse({}), { seed: 1 }));
        keepBest(results, { ...base, trainer: 'vigil logreg', seconds: lr.seconds, cpu: lr.cpu, auc: rocAuc(test.y, lr.value.predict(teS)) ?? Number.NaN });
      } else if (rep === 0) {
        process.stderr.write('vigil logreg: not registered in server/ml/trainers/index.ts; skipped\n');
      }
      const sk = JSON.parse(python([path.join('bench', 'reference', 'sk_logreg.py'), '--train', trainFile, '--test', testFile]));
      keepBest(results, { ...base, trainer: 'sklearn LogisticRegression', seconds: sk.train_s, cpu: null, auc: sk.auc });
    }
  }

  // The PyTorch trainer: once per data set (its time includes the Python start-up; no repeats).
  const torch: Record<string, TorchFigures> = {};
  const torchSkipped = opts['no-torch'] ? '--no-torch' : torchMissing();
  if (torchSkipped) process.stderr.write(`torch-mlp: skipped (${torchSkipped})\n`);
  for (const ds of torchSkipped ? [] : DATASETS) {
    process.stderr.write(`${ds}: torch-mlp on CPU, ${opts['torch-epochs']} epochs …\n`);
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join('bench', 'train-torch.ts'), '--train', path.join(DATA_DIR, `${ds}_train.csv`), '--test', path.join(DATA_DIR, `${ds}_test.csv`), '--epochs', opts['torch-epochs']!],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    if (r.status !== 0) fail(`bench/train-torch.ts exited ${r.status}:\n${r.stderr}`);
    torch[ds] = JSON.parse(r.stdout.trim().split('\n').pop()!) as TorchFigures;
    const first = results.find((x) => x.dataset === ds)!;
    results.push({ dataset: ds, trainer: `torch-mlp cpu (${torch[ds].epochs} ep)`, rows: first.rows, features: first.features, seconds: torch[ds].seconds, cpu: null, auc: torch[ds].auc });
  }

  let scale: Record<string, unknown> | null = null;
  if (opts.scale) {
    process.stderr.write(`scale: fitting 1,000,000 × 50 on ${threads} thread(s) in a child process …\n`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join('bench', 'train-scale.ts'), '--threads', String(threads), '--trees', opts['scale-trees'] ?? opts.trees!, '--depth', opts.depth!], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (r.status !== 0) fail(`bench/train-scale.ts exited ${r.status}:\n${r.stderr}`);
    scale = JSON.parse(r.stdout.trim().split('\n').pop()!);
  }

  const pad = (s: string, w: number) => s.padEnd(w);
  console.log(`GBDT: ${gbdtParams.n_trees} trees, max_depth ${gbdtParams.max_depth}, learning_rate ${gbdtParams.learning_rate}`);
  console.log(`load average ${load0.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end (${availableParallelism()} cores); fastest of ${repeats}`);
  console.log(`${pad('dataset', 15)}${pad('trainer', 32)}${pad('rows', 9)}${pad('feat', 6)}${pad('train s', 10)}${pad('cpu s', 10)}test AUC`);
  for (const r of results) {
    console.log(
      `${pad(r.dataset, 15)}${pad(r.trainer, 32)}${pad(String(r.rows), 9)}${pad(String(r.features), 6)}${pad(r.seconds.toFixed(3), 10)}${pad(r.cpu === null ? '' : r.cpu.toFixed(3), 10)}${r.auc.toFixed(4)}`,
    );
  }
  if (scale) console.log(`scale: ${JSON.stringify(scale)}`);
  for (const [ds, t] of Object.entries(torch)) {
    console.log(`torch-mlp ${ds}: torch ${t.torch} on ${t.device}, ${t.parameters} parameters; program training loop ${t.program_train_s.toFixed(3)} s of ${t.seconds.toFixed(3)} s; parity composed ${t.parity}, onnx vs torch ${t.reference_parity}`);
  }
  const pick = (ds: string, trainer: string) => results.find((r) => r.dataset === ds && r.trainer === trainer);
  const g1 = pick('credit_synth', 'vigil gbdt (1 thread)')!;
  const g = threads > 1 ? pick('credit_synth', `vigil gbdt (${threads} threads)`)! : g1;
  const x = pick('credit_synth', 'xgboost hist (default threads)')!;
  const x1 = pick('credit_synth', 'xgboost hist (1 thread)')!;
  const bg = pick('breast_cancer', 'vigil gbdt (1 thread)')!;
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
      vigil_threads: threads,
      vigil_gbdt_1thread_s: r6(g1.seconds),
      ref_gbdt_1thread_s: r6(x1.seconds),
      time_ratio_1thread: r6(g1.seconds / x1.seconds),
      time_ratio_both_cores: r6(g.seconds / x.seconds),
      cpu_ratio_1thread: r6(g1.cpu! / x1.cpu!),
      identical_across_threads: true,
      repeats,
      load_avg: Math.round(load0 * 10) / 10,
      breast_cancer_vigil_auc: r6(bg.auc),
      breast_cancer_ref_auc: r6(bx.auc),
      vigil_logreg_s: vl ? r6(vl.seconds) : null,
      vigil_logreg_auc: vl ? r6(vl.auc) : null,
      ref_logreg_s: r6(sl.seconds),
      ref_logreg_auc: r6(sl.auc),
      ...(scale ? { scale } : {}),
      torch_mlp_s: torch.credit_synth ? r6(torch.credit_synth.seconds) : null,
      torch_mlp_program_train_s: torch.credit_synth ? r6(torch.credit_synth.program_train_s) : null,
      torch_mlp_auc: torch.credit_synth ? r6(torch.credit_synth.auc) : null,
      torch_mlp_epochs: torch.credit_synth?.epochs ?? null,
      breast_cancer_torch_mlp_auc: torch.breast_cancer ? r6(torch.breast_cancer.auc) : null,
    }),
  );
}

main().catch((err: unknown) => fail(err instanceof Error ? (err.stack ?? err.message) : String(err)));
