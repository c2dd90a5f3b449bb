// `vigil stats drift`: per-column distribution drift between a reference CSV and a current CSV,
// and whether the dataset as a whole drifted. The statistics live in server/ml/stats.
import type { Command } from '../command';
import { CliError } from '../command';
import { readTable } from '../lib/read-csv';
import { formatTable, requireOption } from '../lib/binary-columns';
import type { Table } from '../../server/ml/data/table';
import {
  DRIFT_METHODS,
  columnDrift,
  summarizeDrift,
  type ColumnDrift,
  type DriftMethodOption,
  type DriftSample,
} from '../../server/ml/stats/column-drift';

const usage = `Usage: vigil stats drift --reference R.csv --current C.csv [--columns a,b] [--method M] [--json]

Tests each column for a change in distribution between a reference sample (e.g. training data)
and a current sample (e.g. recent inputs), and summarises the share of drifted columns.

Options:
  --reference <file>  reference CSV (RFC 4180, first row is the header)
  --current <file>    current CSV
  --columns <a,b,…>   comma-separated columns to test, in this order (names are trimmed); each
                      must exist in both files. Default: every column present in both files, in
                      the reference file's header order. Other columns are ignored.
  --method <m>        auto (default), ks, chi2, ztest, wasserstein, jensenshannon or psi
  --json              print one JSON document instead of a table
  -h, --help          show this help

Column types: a column is numeric when every non-missing cell parses as a finite decimal number,
else categorical (values compared as exact strings, so 007 and 7 differ). A column that is
numeric in one file and categorical in the other is treated as categorical, using the cells'
text from both files. Missing (empty) cells are dropped per column before testing.

Automatic method (--method auto). Let u be the number of distinct non-missing values in
reference and current together.
  reference file with at most 1000 data rows (missing cells included):
    u <= 2                  ztest
    numeric and u > 5       ks
    otherwise               chi2
  reference file with more than 1000 data rows:
    numeric and u > 5       wasserstein
    otherwise               jensenshannon

Methods (statistic; when a column counts as drifted):
  ks             two-sample Kolmogorov–Smirnov D, two-sided p-value as scipy 1.10 ks_2samp:
                 exact (ties ignored) when both samples have at most 10000 values, else the
                 asymptotic Kolmogorov distribution. Drift when p <= 0.05. Numeric columns only.
  chi2           chi-squared test of independence on the 2 x K table of counts over the union
                 of categories (numeric: each distinct value is a category), no continuity
                 correction. Drift when p <= 0.05.
  ztest          two-proportion z-test, pooled variance, two-sided, for the share of the first
                 distinct value (numeric order, or Unicode code point order for text). Columns
                 with at most 2 distinct values only. Both samples holding the same single
                 value give z = 0, p = 1. Drift when p < 0.05.
  wasserstein    Wasserstein-1 distance divided by max(std of reference (ddof 0), 0.001);
                 no p-value. Drift when >= 0.1. Numeric columns only.
  jensenshannon  Jensen–Shannon distance (natural log, 0 … 0.833) between the category
                 proportions (numeric: distinct values as categories); no p-value.
                 Drift when >= 0.1.
  psi            population stability index: numeric values binned at the reference's
                 10%…90% quantiles (linear interpolation, duplicate edges removed; bins
                 (-inf, e1], (e1, e2], …, (ek, +inf)), categorical values one bin per category;
                 proportions floored at 0.0001; sum of (cur - ref) * ln(cur / ref); no p-value.
                 Drift when >= 0.1.

Output (JSON keys, in this order):
  columns          one entry per column tested or skipped:
    column, type     name; numeric or categorical (as treated)
    method           the method used, or null when the column was not tested
    statistic        D, chi-squared, z, distance or PSI (null when not tested)
    p_value          for ks, chi2 and ztest; null otherwise
    threshold        0.05 for p-value tests, 0.1 for distances (null when not tested)
    drifted          true or false
    n_reference      non-missing values tested in the reference
    n_current        non-missing values tested in the current sample
    reason           only when not tested: why (no non-missing values on a side, or a
                     requested method that does not apply: ks or wasserstein on a categorical
                     column, ztest with more than 2 distinct values)
  drifted_columns  number of drifted columns
  drift_share      drifted_columns / columns tested (0 when none was tested)
  dataset_drift    true when drift_share >= 0.5

A missing file, a --columns name absent from either file, or an unknown method is an error
(exit status 2).
`;

function parseMethod(value: string | boolean | undefined): DriftMethodOption {
  if (value === undefined) return 'auto';
  const m = String(value);
  if (m === 'auto' || (DRIFT_METHODS as readonly string[]).includes(m)) return m as DriftMethodOption;
  throw new CliError(`unknown --method '${m}' (choose auto, ${DRIFT_METHODS.join(', ')})`);
}

function selectColumns(value: string | boolean | undefined, ref: Table, cur: Table, refPath: string, curPath: string): string[] {
  if (value === undefined) {
    const inCurrent = new Set(cur.header);
    const names = [...new Set(ref.header)].filter((n) => inCurrent.has(n));
    if (names.length === 0) throw new CliError(`${refPath} and ${curPath} have no columns in common`);
    return names;
  }
  const names = [...new Set(String(value).split(',').map((s) => s.trim()))];
  if (names.some((n) => n === '')) throw new CliError(`--columns has an empty column name: '${String(value)}'`);
  for (const name of names) {
    const missing = [ref.header.includes(name) ? null : refPath, cur.header.includes(name) ? null : curPath].filter(Boolean);
    if (missing.length) throw new CliError(`column '${name}' not found in ${missing.join(' and ')}`);
  }
  return names;
}

/** The column as a sample; `asText` takes the raw cells (for a column numeric in only one file). */
function columnSample(table: Table, name: string, asText: boolean): DriftSample {
  const j = table.header.indexOf(name);
  const col = table.columns[j];
  if (col.type === 'categorical') return { type: 'categorical', values: col.values };
  if (asText) return { type: 'categorical', values: table.rows.map((r) => r[j]) };
  return { type: 'numeric', values: col.values };
}

function formatNumber(v: number | null): string {
  if (v === null) return '-';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a < 1e-4 || a >= 1e6 ? v.toExponential(3) : v.toFixed(4);
}

function toJson(c: ColumnDrift): Record<string, unknown> {
  const out: Record<string, unknown> = {
    column: c.column,
    type: c.type,
    method: c.method,
    statistic: c.statistic,
    p_value: c.pValue,
    threshold: c.threshold,
    drifted: c.drifted,
    n_reference: c.nReference,
    n_current: c.nCurrent,
  };
  if (c.reason !== undefined) out.reason = c.reason;
  return out;
}

export const statsDrift: Command = {
  path: ['stats', 'drift'],
  summary: 'Per-column drift (KS, chi-squared, z-test, Wasserstein, Jensen–Shannon, PSI) between two CSVs',
  usage,
  options: {
    reference: { type: 'string' },
    current: { type: 'string' },
    columns: { type: 'string' },
    method: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, io) {
    const refPath = requireOption(values, 'reference');
    const curPath = requireOption(values, 'current');
    const method = parseMethod(values.method);
    const ref = await readTable(refPath);
    const cur = await readTable(curPath);
    const names = selectColumns(values.columns, ref, cur, refPath, curPath);
    const results = names.map((name) => {
      const rc = ref.columns[ref.header.indexOf(name)];
      const cc = cur.columns[cur.header.indexOf(name)];
      const asText = rc.type !== cc.type;
      return columnDrift(name, columnSample(ref, name, asText), columnSample(cur, name, asText), {
        method,
        referenceRows: ref.rowCount,
      });
    });
    const summary = summarizeDrift(results);
    if (values.json) {
      io.stdout(
        JSON.stringify({
          columns: summary.columns.map(toJson),
          drifted_columns: summary.driftedColumns,
          drift_share: summary.driftShare,
          dataset_drift: summary.datasetDrift,
        }) + '\n',
      );
      return 0;
    }
    io.stdout(`reference ${refPath} (${ref.rowCount} rows), current ${curPath} (${cur.rowCount} rows), method ${method}\n\n`);
    const head = ['column', 'type', 'method', 'statistic', 'p-value', 'threshold', 'drifted', 'n_ref', 'n_cur'];
    const body = results.map((c) => [
      c.column,
      c.type,
      c.method ?? '-',
      formatNumber(c.statistic),
      formatNumber(c.pValue),
      c.threshold === null ? '-' : String(c.threshold),
      c.method === null ? 'untested' : c.drifted ? 'YES' : 'no',
      String(c.nReference),
      String(c.nCurrent),
    ]);
    io.stdout(formatTable(head, body));
    const skipped = results.filter((c) => c.method === null);
    if (skipped.length) {
      io.stdout('\nNot tested:\n' + skipped.map((c) => `  ${c.column}: ${c.reason}\n`).join(''));
    }
    const tested = results.length - skipped.length;
    io.stdout(
      `\nDrifted columns: ${summary.driftedColumns} of ${tested} tested (share ${summary.driftShare.toFixed(4)}); ` +
        `dataset drift: ${summary.datasetDrift ? 'YES' : 'no'} (share >= 0.5)\n`,
    );
    return 0;
  },
};
