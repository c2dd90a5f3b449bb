// `vigil stats metrics`: binary classification metrics of a scored CSV.
import type { Command } from '../command';
import { readCsvFile } from '../lib/read-csv';
import { fmt, formatTable, parseThreshold, readBinaryTarget, requireOption } from '../lib/binary-columns';
import { binaryMetrics } from '../../server/ml/metrics/binary';

const usage = `Usage: vigil stats metrics --data D.csv --label y --score p [--threshold 0.5] [--json]

Binary classification metrics of a CSV holding a label and a model's probability score.

Options:
  --data <file>       CSV file (RFC 4180, first row is the header)
  --label <column>    label column: every row 0 or 1
  --score <column>    score column: the probability of label 1, every row a number in [0, 1]
  --threshold <t>     a row is predicted positive when score >= t (default 0.5)
  --json              print one JSON document instead of a table
  -h, --help          show this help

Output fields (JSON keys, in this order):
  n              rows
  positive_rate  share of rows with label 1
  auc            area under the ROC curve, ties counted half (null with one class only)
  log_loss       mean negative log-likelihood, probabilities clipped to [1e-15, 1 - 1e-15]
  brier          mean squared error of the score
  accuracy       share of rows whose prediction equals the label
  precision      TP / (TP + FP) (null with no predicted positives)
  recall         TP / (TP + FN) (null with no label-1 rows)
  f1             harmonic mean of precision and recall (null when either is null, 0 when both are 0)

A missing column, a label other than 0/1, or a missing, non-numeric or out-of-range score is an
error naming the data row (1-based), its CSV line and the column; exit status 2.
`;

export const statsMetrics: Command = {
  path: ['stats', 'metrics'],
  summary: 'Binary classification metrics (AUC, log loss, Brier, precision, recall, F1) of a scored CSV',
  usage,
  options: {
    data: { type: 'string' },
    label: { type: 'string' },
    score: { type: 'string' },
    threshold: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, io) {
    const path = requireOption(values, 'data');
    const label = requireOption(values, 'label');
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
