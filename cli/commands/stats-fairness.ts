// `vigil stats fairness`: per-group rates and disparities of a scored CSV.
import { CliError, type Command } from '../command';
import { readCsvFile } from '../lib/read-csv';
import { columnIndex, fmt, formatTable, parseThreshold, readBinaryTarget, requireOption } from '../lib/binary-columns';
import { fairnessReport, MISSING_GROUP, UnknownGroupError, type FairnessReport } from '../../server/ml/fairness/report';

const usage = `Usage: vigil stats fairness --data D.csv --label y --score p --group g [--threshold 0.5] [--reference-group G] [--json]

Per-group rates of a binary classifier and their disparity against a reference group.

Options:
  --data <file>             CSV file (RFC 4180, first row is the header)
  --label <column>          label column: every row 0 or 1
  --score <column>          score column: probability of label 1, every row a number in [0, 1]
  --group <column>          group column; each distinct value (exact text as in the CSV) is a
                            group, a missing value is the group "(missing)"
  --threshold <t>           a row is selected (predicted positive) when score >= t (default 0.5)
  --reference-group <G>     group the disparities divide by (default: the largest group;
                            ties go to the first in code-point order); unknown names are an error
  --json                    print one JSON document instead of tables
  -h, --help                show this help

JSON output:
  groups: one entry per group, sorted by Unicode code point:
    group, n
    selection_rate   share of rows selected
    tpr              TP / (TP + FN); null when the group has no label-1 rows
    fpr              FP / (FP + TN); null when the group has no label-0 rows
    precision        TP / (TP + FP); null when the group has nothing selected
    accuracy         share of rows whose prediction equals the label
    auc              ROC AUC within the group; null for a single-class group
    disparity        {selection_rate, tpr, fpr, precision}: group metric / reference metric;
                     null when either is null or the reference metric is 0
    parity_ok        every non-null disparity within [0.8, 1.25] (true when all are null)
  reference_group
  demographic_parity_difference   max - min selection rate over groups
  demographic_parity_ratio        min / max selection rate (null when the max is 0)
  equalized_odds_difference       the larger of the TPR range and the FPR range
  equal_opportunity_difference    the TPR range
  Ranges and ratios skip groups whose value is null; a range over no values is null.

A missing column, a label other than 0/1, or a missing, non-numeric or out-of-range score is an
error naming the data row (1-based), its CSV line and the column; exit status 2.
`;

function printTables(r: FairnessReport, io: { stdout: (t: string) => void }): void {
  io.stdout(
    formatTable(
      ['group', 'n', 'selection', 'tpr', 'fpr', 'precision', 'accuracy', 'auc', 'parity'],
      r.groups.map((g) => [
        g.group + (g.group === r.reference_group ? ' (ref)' : ''),
        String(g.n),
        fmt(g.selection_rate),
        fmt(g.tpr),
        fmt(g.fpr),
        fmt(g.precision),
        fmt(g.accuracy),
        fmt(g.auc),
        g.parity_ok ? 'ok' : 'CHECK',
      ]),
    ),
  );
  io.stdout(`\nDisparity vs reference group '${r.reference_group}' (within [0.8, 1.25] is parity):\n`);
  io.stdout(
    formatTable(
      ['group', 'selection', 'tpr', 'fpr', 'precision'],
      r.groups.map((g) => [g.group, fmt(g.disparity.selection_rate), fmt(g.disparity.tpr), fmt(g.disparity.fpr), fmt(g.disparity.precision)]),
    ),
  );
  io.stdout(
    '\n' +
      formatTable(
        ['summary', 'value'],
        [
          ['demographic_parity_difference', fmt(r.demographic_parity_difference)],
          ['demographic_parity_ratio', fmt(r.demographic_parity_ratio)],
          ['equalized_odds_difference', fmt(r.equalized_odds_difference)],
          ['equal_opportunity_difference', fmt(r.equal_opportunity_difference)],
        ],
      ),
  );
}

export const statsFairness: Command = {
  path: ['stats', 'fairness'],
  summary: 'Per-group selection rate, TPR, FPR, precision and their disparities of a scored CSV',
  usage,
  options: {
    data: { type: 'string' },
    label: { type: 'string' },
    score: { type: 'string' },
    group: { type: 'string' },
    threshold: { type: 'string' },
    'reference-group': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, io) {
    const path = requireOption(values, 'data');
    const label = requireOption(values, 'label');
    const scoreName = requireOption(values, 'score');
    const groupName = requireOption(values, 'group');
    const threshold = parseThreshold(values.threshold);
    const ref = values['reference-group'];
    const file = await readCsvFile(path);
    const jg = columnIndex(file, path, groupName);
    const { y, score } = readBinaryTarget(file, path, label, scoreName);
    // Group names are the cells' exact text, so a numeric column's groups read as in the CSV.
    const groups = file.rows.map((row) => row[jg]);
    if (groups.includes(null) && groups.includes(MISSING_GROUP)) {
      throw new CliError(`${path}: column '${groupName}' has both missing cells and the value '${MISSING_GROUP}', which would merge them`);
    }
    if (groups.length === 0) throw new CliError(`${path}: no data rows`);
    let report: FairnessReport;
    try {
      report = fairnessReport(y, score, groups, { threshold, ...(typeof ref === 'string' ? { referenceGroup: ref } : {}) });
    } catch (err) {
      if (err instanceof UnknownGroupError) throw new CliError(`--reference-group: ${err.message}`);
      throw err;
    }
    if (values.json) {
      io.stdout(JSON.stringify(report) + '\n');
      return 0;
    }
    io.stdout(`${path}: label '${label}', score '${scoreName}', group '${groupName}', threshold ${threshold}\n\n`);
    printTables(report, io);
    return 0;
  },
};
