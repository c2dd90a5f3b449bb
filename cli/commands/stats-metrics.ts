// `vigil stats metrics`: binary, multiclass or regression metrics of a scored CSV.
import { CliError, type Command } from '../command';
import { readCsvFile } from '../lib/read-csv';
import { fmt, formatTable, parseThreshold, readBinaryTarget, requireOption } from '../lib/binary-columns';
import { readMulticlassTarget, readRegressionTarget } from '../lib/task-columns';
import { binaryMetrics } from '../../server/ml/metrics/binary';
import { multiclassMetrics } from '../../server/ml/metrics/multiclass';
import { regressionMetrics } from '../../server/ml/metrics/regression';

const usage = `Usage: vigil stats metrics [--task binary] --data D.csv --label y --score p [--threshold 0.5] [--json]
       vigil stats metrics --task multiclass --data D.csv --label y --scores p_a,p_b,… [--json]
       vigil stats metrics --task regression --data D.csv --label y --prediction yhat [--json]

Metrics of a CSV holding a label and a model's output (definitions as scikit-learn 1.2's).

Options:
  --task <task>         binary (default), multiclass or regression
  --data <file>         CSV file (RFC 4180, first row is the header)
  --label <column>      binary: every row 0 or 1; multiclass: a class name (compared as a string);
                        regression: a number
  --score <column>      binary: the probability of label 1, every row a number in [0, 1]
  --threshold <t>       binary: a row is predicted positive when score >= t (default 0.5)
  --scores <list>       multiclass: comma-separated probability columns, one per class, each named
                        p_<class> (what \`vigil predict\` writes); every cell a number in [0, 1].
                        Names are trimmed; a class name holding a comma cannot be listed
  --prediction <column> regression: the predicted value, every row a number
  --json                print one JSON document instead of a table
  -h, --help            show this help

Binary output fields (JSON keys, in this order):
  n              rows
  positive_rate  share of rows with label 1
  auc            area under the ROC curve, ties counted half (null with one class only)
  log_loss       mean negative log-likelihood, probabilities clipped to [1e-15, 1 - 1e-15]
  brier          mean squared error of the score
  accuracy       share of rows whose prediction equals the label
  precision      TP / (TP + FP) (null with no predicted positives)
  recall         TP / (TP + FN) (null with no label-1 rows)
  f1             harmonic mean of precision and recall (null when either is null, 0 when both are 0)

Multiclass output fields; the predicted class is a row's arg-max (ties: the first in --scores order):
  n              rows
  classes        class names in --scores order
  accuracy       share of rows whose predicted class is the label
  log_loss       probabilities clipped to [1e-15, 1 - 1e-15], each row renormalised to sum 1, then
                 the mean of -log p(label)
  macro_f1, micro_f1, weighted_f1
                 f1_score(average=macro|micro|weighted, zero_division=0) over the classes that occur
                 as a label or a prediction
  auc_ovr        {class: one-vs-rest ROC AUC of p_<class>}; null when the class is absent or is
                 every label
  auc_ovr_macro  mean of the non-null auc_ovr values (null if none)
  confusion      confusion[i][j] = rows of class i predicted as class j, in classes order

Regression output fields (residual = label - prediction):
  n                   rows
  rmse, mae           root mean squared and mean absolute residual
  r2                  1 - SS_res/SS_tot; 1.0 when both are 0, 0.0 when only SS_tot is 0, null with
                      fewer than 2 rows
  mean_residual       mean residual
  residual_quantiles  {"p05","p50","p95"}: residual quantiles, numpy's default (linear) method

A missing column, a bad label (binary: not 0/1; multiclass: not one of the classes; regression:
not a number) or a missing, non-numeric or out-of-range score is an error naming the data row
(1-based), its CSV line and the column; exit status 2.
`;

const TASKS = ['binary', 'multiclass', 'regression'] as const;

function forbid(values: Record<string, string | boolean | undefined>, task: string, names: string[]): void {
  for (const n of names) if (values[n] !== undefined) throw new CliError(`--${n} does not apply to --task ${task}`);
}

export const statsMetrics: Command = {
  path: ['stats', 'metrics'],
  summary: 'Binary, multiclass or regression metrics (AUC, log loss, F1, RMSE, R² …) of a scored CSV',
  usage,
  options: {
    task: { type: 'string' },
    data: { type: 'string' },
    label: { type: 'string' },
    score: { type: 'string' },
    scores: { type: 'string' },
    prediction: { type: 'string' },
    threshold: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, io) {
    const task = (values.task ?? 'binary') as string;
    if (!(TASKS as readonly string[]).includes(task)) throw new CliError(`--task must be one of ${TASKS.join(', ')}, got '${task}'`);
    const path = requireOption(values, 'data');
    const label = requireOption(values, 'label');

    if (task === 'multiclass') {
      forbid(values, task, ['score', 'threshold', 'prediction']);
      const scores = requireOption(values, 'scores');
      const file = await readCsvFile(path);
      const t = readMulticlassTarget(file, path, label, scores);
      const m = multiclassMetrics(t.y, t.probs, t.classes);
      if (values.json) {
        io.stdout(JSON.stringify(m) + '\n');
        return 0;
      }
      io.stdout(`${path}: label '${label}', ${m.classes.length} classes\n\n`);
      io.stdout(
        formatTable(
          ['metric', 'value'],
          [
            ['n', String(m.n)],
            ...(['accuracy', 'log_loss', 'macro_f1', 'micro_f1', 'weighted_f1', 'auc_ovr_macro'] as const).map((k) => [k, fmt(m[k])]),
          ],
        ),
      );
      io.stdout('\n' + formatTable(['class', 'auc_ovr', ...m.classes.map((c) => `→ ${c}`)], m.classes.map((c, i) => [c, fmt(m.auc_ovr[c]), ...m.confusion[i].map(String)])));
      return 0;
    }

    if (task === 'regression') {
      forbid(values, task, ['score', 'scores', 'threshold']);
      const prediction = requireOption(values, 'prediction');
      const file = await readCsvFile(path);
      const t = readRegressionTarget(file, path, label, prediction);
      const m = regressionMetrics(t.y, t.prediction);
      if (values.json) {
        io.stdout(JSON.stringify(m) + '\n');
        return 0;
      }
      io.stdout(`${path}: label '${label}', prediction '${prediction}'\n\n`);
      const q = m.residual_quantiles;
      io.stdout(
        formatTable(
          ['metric', 'value'],
          [
            ['n', String(m.n)],
            ['rmse', fmt(m.rmse)],
            ['mae', fmt(m.mae)],
            ['r2', fmt(m.r2)],
            ['mean_residual', fmt(m.mean_residual)],
            ['residual p05', fmt(q.p05)],
            ['residual p50', fmt(q.p50)],
            ['residual p95', fmt(q.p95)],
          ],
        ),
      );
      return 0;
    }

    forbid(values, task, ['scores', 'prediction']);
    const scoreName = requireOption(values, 'score');
    const threshold = parseThreshold(values.threshold);
    const file = await readCsvFile(path);
    const { y, score } = readBinaryTarget(file, path, label, scoreName);
    const m = binaryMetrics(y, score, threshold);
    if (values.json) {
      io.stdout(JSON.stringify(m) + '\n');
      return 0;
    }
    const rows = Object.entries(m).map(([k, v]) => [k, k === 'n' ? String(v) : fmt(v as number | null)]);
    io.stdout(`${path}: label '${label}', score '${scoreName}', threshold ${threshold}\n\n`);
    io.stdout(formatTable(['metric', 'value'], rows));
    return 0;
  },
};
