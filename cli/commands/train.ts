// `vigil train`: trains a built-in model on a CSV and writes model.onnx, metrics.json and lineage.json.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError, type Command } from '../command';
import { readTable } from '../lib/read-csv';
import { InvalidRowError } from '../../server/ml/features/raw-inputs';
import { SpecError } from '../../server/ml/features/spec';
import { UnknownTrainerError } from '../../server/ml/trainers';
import { ParamsError } from '../../server/ml/training/params';
import { TargetError } from '../../server/ml/training/labels';
import { trainModel, VALIDATION_FRACTION } from '../../server/ml/training/train-model';

const usage = `Usage: vigil train --data D.csv --target y --trainer logreg|gbdt [--params JSON] [--seed N]
                   [--features spec.json] [--threads N] --out DIR [--json]

Trains a binary classifier on every row of D.csv and exports it as ONNX: the graph takes one
input per raw column (numeric: double [N,1], NaN = missing; categorical: string [N,1], '' =
missing), does the feature preprocessing itself and outputs \`probability\` [N,1] = P(y = 1).

Options:
  --data <file>        training CSV (RFC 4180, first row is the header)
  --target <column>    binary target: every row 0 or 1
  --trainer <name>     logreg (L2 logistic regression) or gbdt (histogram gradient boosting)
  --params <json>      trainer parameters as a JSON object; unknown keys are errors
                         logreg: l2 (1; scikit-learn C = 1/l2), max_iter (100), tol (1e-8)
                         gbdt:   n_trees (100), max_depth (6), learning_rate (0.1),
                                 min_samples_leaf, l2, …
  --seed <n>           non-negative integer (default 0); picks the validation split
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
"validation" = a separate holdout fit on a stratified ${100 - VALIDATION_FRACTION * 100}/${VALIDATION_FRACTION * 100} split chosen by --seed, scored on
the held-out rows (with ROC, PR and calibration curves); "step_metrics" per iteration of both fits;
"parity" = the largest difference between the ONNX graph and the training code on the training rows
(a difference above 1e-6 fails the run).
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

export const train: Command = {
  path: ['train'],
  summary: 'Train a logistic regression or GBDT on a CSV and export it as ONNX',
  usage,
  options: {
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

    let result;
    try {
      result = await trainModel({ table, target, trainer: trainerName, params, seed, spec, dataSha256, threads });
    } catch (err) {
      if (
        err instanceof UnknownTrainerError ||
        err instanceof ParamsError ||
        err instanceof TargetError ||
        err instanceof SpecError ||
        err instanceof InvalidRowError
      ) {
        throw new CliError(err instanceof InvalidRowError ? `${dataPath}: ${err.message}` : err.message);
      }
      if (err instanceof Error && /^column '.*' required by the feature spec/.test(err.message)) {
        throw new CliError(`${dataPath}: ${err.message}`);
      }
      throw err;
    }

    await mkdir(outDir, { recursive: true });
    await writeFile(join(outDir, 'model.onnx'), result.onnxBytes);
    await writeFile(
      join(outDir, 'metrics.json'),
      JSON.stringify({ ...result.metrics, step_metrics: result.stepMetrics, summary: result.summary }, null, 2) + '\n',
    );
    await writeFile(join(outDir, 'lineage.json'), JSON.stringify(result.lineage, null, 2) + '\n');

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
        `parity: max |Δ| features ${metrics.parity.max_abs_feature_diff.toExponential(2)}, probability ${metrics.parity.max_abs_probability_diff.toExponential(2)}\n`,
    );
    return 0;
  },
};
