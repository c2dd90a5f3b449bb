// `vigil train`: trains a built-in model on a CSV and writes model.onnx, metrics.json and lineage.json.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError, type CliIO, type Command } from '../command';
import { readTable } from '../lib/read-csv';
import { InvalidRowError } from '../../server/ml/features/raw-inputs';
import { SpecError } from '../../server/ml/features/spec';
import { UnknownTrainerError } from '../../server/ml/trainers';
import { ParamsError } from '../../server/ml/training/params';
import { TargetError } from '../../server/ml/training/labels';
import { trainModel, VALIDATION_FRACTION } from '../../server/ml/training/train-model';
import { trainTaskModel, type TaskMetrics } from '../../server/ml/training/train-task-model';
import type { Table } from '../../server/ml/data/table';

const usage = `Usage: vigil train [--task binary|multiclass|regression] --data D.csv --target y --trainer NAME
                   [--params JSON] [--seed N] [--features spec.json] [--threads N] --out DIR [--json]

Trains a model on every row of D.csv and exports it as ONNX: the graph takes one input per raw
column (numeric: double [N,1], NaN = missing; categorical: string [N,1], '' = missing), does the
feature preprocessing itself and outputs, after \`features\` [N,d]:
  binary      \`probability\` float [N,1] = P(y = 1)
  multiclass  \`probabilities\` float [N,k], classes in sorted order (listed in the model's metadata
              \`vigil.classes\` and in lineage.json), and \`label\` string [N] = the most probable class
  regression  \`prediction\` float [N,1]

Options:
  --task <task>        binary (default): the target is 0 or 1 on every row
                       multiclass: the target holds class names, read as strings (2 to 100 classes)
                       regression: the target is a number on every row
  --data <file>        training CSV (RFC 4180, first row is the header)
  --target <column>    target column
  --trainer <name>     binary: logreg (L2 logistic regression) or gbdt (histogram gradient boosting)
                       multiclass: logreg (softmax logistic regression) or gbdt (one tree per class
                       per round, softmax)
                       regression: ridge (closed-form ridge regression) or gbdt (squared error)
  --params <json>      trainer parameters as a JSON object; unknown keys are errors
                         logreg: l2 (1; scikit-learn C = 1/l2), max_iter (100), tol (1e-8)
                         ridge:  l2 (1; scikit-learn Ridge alpha)
                         gbdt:   n_trees (100), max_depth (6), learning_rate (0.1),
                                 min_samples_leaf (20), l2 (1), max_bins (255), subsample (1),
                                 colsample (1), early_stopping_rounds (20; 0 = off)
  --seed <n>           non-negative integer (default 0); picks the validation split and sampling
  --features <file>    feature spec JSON; default: derived from the columns (numeric: impute
                       median when missing values occur, standardize; categorical: one-hot over
                       the 50 most frequent values)
  --threads <n>        threads for training, 1–64 (default 1); gbdt builds histograms on them.
                       The model is the same bits for any value
  --out <dir>          output directory (created if needed)
  --json               print {"artifact_sha256","metrics"} as one JSON document
  -h, --help           show this help

Writes DIR/model.onnx, DIR/metrics.json and DIR/lineage.json. The same data, spec, params and seed
give a bit-identical model.onnx; artifact_sha256 is the SHA-256 of its bytes.
metrics.json: "training" = the final model (trained on all rows) scored on all rows;
"validation" = a separate holdout fit on a ${100 - VALIDATION_FRACTION * 100}/${VALIDATION_FRACTION * 100} split chosen by --seed (stratified by class for
binary and multiclass, random for regression), scored on the held-out rows (binary: with ROC, PR and
calibration curves); "step_metrics" per iteration of both fits; "parity" = the largest difference
between the ONNX graph and the training code on the training rows (above 1e-6 fails the run;
regression: relative to max(1, |prediction|)). Metrics per task are those of \`vigil stats metrics\`.
GBDT early stopping: the holdout fit stops once its validation loss (log-loss; regression: squared
error) has not improved for early_stopping_rounds rounds and keeps its best round; the final fit
trains that many rounds ("best_iteration" in lineage.json and metrics.json's summary).
`;

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new CliError(`--${name} is required\n\n${usage}`);
  return v;
}

async function fileSha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

const TASKS = ['binary', 'multiclass', 'regression'] as const;

const rounds = (n: number) => `${n} round${n === 1 ? '' : 's'}`;

/** Errors the user can fix become CliErrors (exit 2); anything else stays an internal error. */
function userError(err: unknown, dataPath: string): unknown {
  if (
    err instanceof UnknownTrainerError ||
    err instanceof ParamsError ||
    err instanceof TargetError ||
    err instanceof SpecError ||
    err instanceof InvalidRowError
  ) {
    return new CliError(err instanceof InvalidRowError ? `${dataPath}: ${err.message}` : err.message);
  }
  if (err instanceof Error && /^column '.*' required by the feature spec/.test(err.message)) return new CliError(`${dataPath}: ${err.message}`);
  if (err instanceof Error && /^no usable feature columns/.test(err.message)) return new CliError(`${dataPath}: ${err.message}`);
  // Ridge with l2 = 0 on collinear features: the user's params, not a bug.
  if (err instanceof Error && /^ridge/.test(err.message)) return new CliError(err.message);
  return err;
}

async function writeOutputs(outDir: string, onnxBytes: Uint8Array, metrics: object, lineage: object): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'model.onnx'), onnxBytes);
  await writeFile(join(outDir, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
  await writeFile(join(outDir, 'lineage.json'), JSON.stringify(lineage, null, 2) + '\n');
}

interface TaskRun {
  table: Table;
  target: string;
  trainer: string;
  params: unknown;
  seed: number;
  spec: unknown;
  dataSha256: string;
  dataPath: string;
  outDir: string;
  json: boolean;
}

async function trainTask(task: 'multiclass' | 'regression', run: TaskRun, io: CliIO): Promise<number> {
  let result;
  try {
    result = await trainTaskModel({ task, table: run.table, target: run.target, trainer: run.trainer, params: run.params, seed: run.seed, spec: run.spec, dataSha256: run.dataSha256 });
  } catch (err) {
    throw userError(err, run.dataPath);
  }
  await writeOutputs(run.outDir, result.onnxBytes, { ...result.metrics, step_metrics: result.stepMetrics, summary: result.summary }, result.lineage);
  const metrics = { training: result.metrics.training, validation: result.metrics.validation?.metrics ?? null, parity: result.metrics.parity };
  if (run.json) {
    io.stdout(JSON.stringify({ artifact_sha256: result.artifactSha256, metrics }) + '\n');
    return 0;
  }
  const f = (v: number | null | undefined) => (v === null || v === undefined ? '-' : v.toFixed(4));
  const line = (m: TaskMetrics) =>
    'rmse' in m ? `rmse ${f(m.rmse)}  mae ${f(m.mae)}  r2 ${f(m.r2)}` : `accuracy ${f(m.accuracy)}  log_loss ${f(m.log_loss)}  macro_f1 ${f(m.macro_f1)}`;
  io.stdout(
    `trained ${task} ${result.lineage.trainer} on ${result.lineage.rows} rows → ${join(run.outDir, 'model.onnx')}\n` +
      (result.lineage.classes ? `classes: ${result.lineage.classes.join(', ')}\n` : '') +
      `artifact sha256 ${result.artifactSha256}\n` +
      `training:   ${line(metrics.training)}\n` +
      (metrics.validation ? `validation: ${line(metrics.validation)}\n` : 'validation: skipped (too few rows to hold any out)\n') +
      (result.lineage.best_iteration !== undefined ? `early stopping kept ${rounds(result.lineage.best_iteration)}\n` : '') +
      `parity: max |Δ| features ${metrics.parity.max_abs_feature_diff.toExponential(2)}, ${metrics.parity.output} ${metrics.parity.max_output_diff.toExponential(2)}\n`,
  );
  return 0;
}

export const train: Command = {
  path: ['train'],
  summary: 'Train a binary, multiclass or regression model (logreg, ridge, GBDT) on a CSV and export it as ONNX',
  usage,
  options: {
    task: { type: 'string' },
    data: { type: 'string' },
    target: { type: 'string' },
    trainer: { type: 'string' },
    params: { type: 'string' },
    seed: { type: 'string' },
    threads: { type: 'string' },
    features: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, io) {
    const task = (values.task ?? 'binary') as string;
    if (!(TASKS as readonly string[]).includes(task)) throw new CliError(`--task must be one of ${TASKS.join(', ')}, got '${task}'`);
    const dataPath = required(values, 'data');
    const target = required(values, 'target');
    const trainerName = required(values, 'trainer');
    const outDir = required(values, 'out');
    let params: unknown = {};
    if (typeof values.params === 'string') {
      try {
        params = JSON.parse(values.params);
      } catch (err) {
        throw new CliError(`--params is not valid JSON: ${(err as Error).message}`);
      }
    }
    let seed = 0;
    if (typeof values.seed === 'string') {
      if (!/^\d+$/.test(values.seed) || !Number.isSafeInteger(Number(values.seed))) {
        throw new CliError(`--seed must be a non-negative integer, got '${values.seed}'`);
      }
      seed = Number(values.seed);
    }
    let threads = 1;
    if (typeof values.threads === 'string') {
      threads = Number(values.threads);
      if (!/^\d+$/.test(values.threads) || threads < 1 || threads > 64) {
        throw new CliError(`--threads must be an integer from 1 to 64, got '${values.threads}'`);
      }
    }
    let spec: unknown;
    if (typeof values.features === 'string') {
      let text: string;
      try {
        text = await readFile(values.features, 'utf8');
      } catch (err) {
        throw new CliError(`${values.features}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
      }
      try {
        spec = JSON.parse(text);
      } catch (err) {
        throw new CliError(`${values.features}: not valid JSON: ${(err as Error).message}`);
      }
    }
    const table = await readTable(dataPath);
    const dataSha256 = await fileSha256(dataPath);

    if (task !== 'binary') {
      return trainTask(task as 'multiclass' | 'regression', { table, target, trainer: trainerName, params, seed, spec, dataSha256, dataPath, outDir, json: values.json === true }, io);
    }
    let result;
    try {
      result = await trainModel({ table, target, trainer: trainerName, params, seed, spec, dataSha256, threads });
    } catch (err) {
      throw userError(err, dataPath);
    }

    await writeOutputs(outDir, result.onnxBytes, { ...result.metrics, step_metrics: result.stepMetrics, summary: result.summary }, result.lineage);

    const metrics = {
      training: result.metrics.training,
      validation: result.metrics.validation?.metrics ?? null,
      parity: result.metrics.parity,
    };
    if (values.json) {
      io.stdout(JSON.stringify({ artifact_sha256: result.artifactSha256, metrics }) + '\n');
      return 0;
    }
    const f = (v: number | null | undefined) => (v === null || v === undefined ? '-' : v.toFixed(4));
    io.stdout(
      `trained ${result.lineage.trainer} on ${result.lineage.rows} rows → ${join(outDir, 'model.onnx')}\n` +
        `artifact sha256 ${result.artifactSha256}\n` +
        `training:   auc ${f(metrics.training.auc)}  log_loss ${f(metrics.training.log_loss)}  accuracy ${f(metrics.training.accuracy)}\n` +
        (metrics.validation
          ? `validation: auc ${f(metrics.validation.auc)}  log_loss ${f(metrics.validation.log_loss)}  accuracy ${f(metrics.validation.accuracy)}\n`
          : 'validation: skipped (a class has fewer than 2 rows)\n') +
        (result.lineage.best_iteration !== undefined ? `early stopping kept ${rounds(result.lineage.best_iteration)}\n` : '') +
        `parity: max |Δ| features ${metrics.parity.max_abs_feature_diff.toExponential(2)}, probability ${metrics.parity.max_abs_probability_diff.toExponential(2)}\n`,
    );
    return 0;
  },
};
