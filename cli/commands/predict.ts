// `vigil predict`: scores every row of a CSV with an ONNX model in onnxruntime-node, streaming
// the file in chunks of 10 000 rows, and writes the input columns plus the model's outputs
// (RFC 4180): binary `score`; multiclass `p_<class>` per class (sorted class order) and `label`;
// regression `prediction`.
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { CliError, type Command } from '../command';
import { CsvError, CsvParser } from '../../server/ml/data/csv';
import { isNumericToken } from '../../server/ml/data/table';
import { SpecError } from '../../server/ml/features/spec';
import { UnsafeModelError } from '../../server/ml/onnx/model-safety';
import { createCheckedSession } from '../../server/ml/onnx/session';
import { readSignature, SignatureError, type ColumnInput, type ModelSignature } from '../../server/ml/onnx/signature';
import { admissionPlan, cellProblem, type InputPlan } from '../../server/scoring/admission';
import { buildColumnFeeds } from '../../server/scoring/feeds';
import { outputCells, outputColumns, readScores } from '../../server/scoring/task-outputs';

const CHUNK_ROWS = 10_000;

const usage = `Usage: vigil predict --model M.onnx --data D.csv --out P.csv [--skip-invalid] [--columns a,b,…] [--json]

Scores every row of D.csv with the model (onnxruntime-node) and writes P.csv: the input's columns,
in input order, then
  binary      \`score\` = the model's probability of class 1
  multiclass  one column \`p_<class>\` per class (the probability; classes in the model's sorted
              order), then \`label\` = the predicted class (models from \`vigil train --task multiclass\`)
  regression  \`prediction\` (models from \`vigil train --task regression\`)
These columns are what \`vigil stats metrics --task …\` reads (--score, --scores, --prediction).

Options:
  --model <file>     ONNX model. Scorable shapes: one [N,1] input per raw column, matched to CSV
                     columns by name (models from \`vigil train\` carry their feature spec, which
                     says which inputs may be missing); or a single [N,d] float input, fed with the
                     --columns (or, without it, all d columns of the CSV) in order
  --data <file>      CSV to score (RFC 4180, first row is the header)
  --out <file>       output CSV
  --skip-invalid     leave out rows the model cannot take (and count them) instead of failing
  --columns <list>   comma-separated columns for a single-matrix-input model, in order
  --json             print {"rows_scored","rows_skipped","out"} as one JSON document
  -h, --help         show this help

A row the model cannot take (a non-number in a numeric input, a missing value in a non-nullable
input, a value outside the spec's range or categories) is an error naming the row (1-based data
row and CSV line) and the column, unless --skip-invalid.
`;

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new CliError(`--${name} is required\n\n${usage}`);
  return v;
}

function quote(cell: string | null): string {
  if (cell === null) return '';
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** How each model input is fed from the CSV's columns. */
type Binding =
  | { kind: 'columns'; inputs: (ColumnInput & { index: number; plan: InputPlan })[] }
  | { kind: 'matrix'; name: string; elem: 'float' | 'double'; indices: number[]; names: string[] };

function bind(sig: ModelSignature, header: string[], columnsOpt: string | undefined, dataPath: string): Binding {
  const where = (name: string) => header.indexOf(name);
  if (sig.inputs.kind === 'matrix') {
    const { name, elem, d } = sig.inputs;
    let names: string[];
    if (columnsOpt) names = columnsOpt.split(',').map((s) => s.trim());
    else if (d === 1 && where(name) >= 0) names = [name];
    else if (header.length === d) names = header;
    else {
      throw new CliError(
        `the model takes one [N,${d}] input ('${name}') but ${dataPath} has ${header.length} columns; ` +
          `name the ${d} feature columns in order with --columns`,
      );
    }
    if (names.length !== d) throw new CliError(`--columns names ${names.length} columns; the model's input '${name}' needs ${d}`);
    const indices = names.map((c) => {
      const j = where(c);
      if (j < 0) throw new CliError(`${dataPath}: no column '${c}' (columns: ${header.join(', ')})`);
      return j;
    });
    return { kind: 'matrix', name, elem, indices, names };
  }
  if (columnsOpt) throw new CliError('--columns applies only to a model with a single [N,d] input; this one takes one input per column');
  const missing = sig.inputs.inputs.filter((i) => where(i.name) < 0).map((i) => i.name);
  if (missing.length) {
    throw new CliError(`${dataPath}: the model needs column(s) ${missing.map((m) => `'${m}'`).join(', ')} (columns: ${header.join(', ')})`);
  }
  const plans = admissionPlan(sig as ModelSignature & { inputs: { kind: 'columns' } }).inputs;
  return { kind: 'columns', inputs: sig.inputs.inputs.map((i, k) => ({ ...i, index: where(i.name), plan: plans[k] })) };
}

/** Why the model cannot take a row, or null. */
function rowProblem(b: Binding, row: (string | null)[]): { column: string; reason: string } | null {
  if (b.kind === 'matrix') {
    for (let k = 0; k < b.indices.length; k++) {
      const cell = row[b.indices[k]] ?? null;
      if (cell === null) return { column: b.names[k], reason: 'missing value; the model input has no missing-value encoding' };
      if (!isNumericToken(cell)) return { column: b.names[k], reason: `expected a number, got ${JSON.stringify(cell)}` };
    }
    return null;
  }
  // Serving's admission rule (server/scoring/admission.ts), on the cell read as JSON would carry it.
  for (const inp of b.inputs) {
    const cell = row[inp.index] ?? null;
    const value = cell === null ? null : inp.plan.numeric && isNumericToken(cell) ? Number(cell) : cell;
    const problem = cellProblem(inp.plan, value);
    if (problem) return { column: inp.name, reason: problem.reason === 'missing_field' ? 'missing value, but the model says this input is not nullable' : problem.message };
  }
  return null;
}

function feeds(b: Binding, rows: (string | null)[][]): Record<string, ort.Tensor> {
  const m = rows.length;
  if (b.kind === 'matrix') {
    const d = b.indices.length;
    const data = b.elem === 'float' ? new Float32Array(m * d) : new Float64Array(m * d);
    rows.forEach((r, i) => b.indices.forEach((j, k) => (data[i * d + k] = Number(r[j]))));
    return { [b.name]: new ort.Tensor(b.elem === 'float' ? 'float32' : 'float64', data, [m, d]) };
  }
  // The cells as read (validated by rowProblem); the scoring core turns them into tensors.
  const columns = new Map(b.inputs.map((inp) => [inp.name, rows.map((r) => r[inp.index] ?? null)]));
  return buildColumnFeeds(b.inputs, [{ n: m, columns }]);
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (stream.errored) throw stream.errored;
  if (!stream.write(text)) await once(stream, 'drain');
}

export const predict: Command = {
  path: ['predict'],
  summary: 'Score a CSV with an ONNX model; writes the rows plus score / p_<class> + label / prediction columns',
  usage,
  options: {
    model: { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string' },
    'skip-invalid': { type: 'boolean' },
    columns: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, io) {
    const modelPath = required(values, 'model');
    const dataPath = required(values, 'data');
    const outPath = required(values, 'out');
    const skipInvalid = values['skip-invalid'] === true;
    let bytes: Uint8Array;
    try {
      bytes = await readFile(modelPath);
    } catch (err) {
      throw new CliError(`${modelPath}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
    let sig: ModelSignature;
    try {
      sig = readSignature(bytes);
    } catch (err) {
      if (err instanceof SignatureError || err instanceof SpecError || err instanceof SyntaxError) throw new CliError(`${modelPath}: ${err.message}`);
      throw err;
    }
    const session = await createCheckedSession(bytes).catch((err: Error) => {
      if (err instanceof UnsafeModelError) throw new CliError(`${modelPath}: refused: ${err.message}`);
      throw new CliError(`${modelPath}: onnxruntime cannot load the model: ${err.message}`);
    });

    const outCols = outputColumns(sig.output);
    const parser = new CsvParser();
    const input = createReadStream(dataPath, { encoding: 'utf8', highWaterMark: 1 << 16 });
    let output: WriteStream | null = null;
    let header: string[] | null = null;
    let binding: Binding | null = null;
    let dataRow = 0;
    let scored = 0;
    const skipped: string[] = [];
    let writeError: Error | null = null;
    let pending: { row: (string | null)[]; n: number; line: number }[] = [];

    const flush = async () => {
      const ok: (string | null)[][] = [];
      for (const p of pending) {
        const problem = rowProblem(binding!, p.row);
        if (!problem) ok.push(p.row);
        else {
          const msg = `row ${p.n} (line ${p.line}), column '${problem.column}': ${problem.reason}`;
          if (!skipInvalid) throw new CliError(`${dataPath}: ${msg}`);
          skipped.push(msg);
        }
      }
      pending = [];
      if (ok.length === 0) return;
      const values = readScores(sig.output, await session.run(feeds(binding!, ok), [sig.output.name]), ok.length);
      let text = '';
      ok.forEach((r, i) => {
        text += [...r.map(quote), ...outputCells(sig.output, values, i).map(quote)].join(',') + '\r\n';
      });
      scored += ok.length;
      await write(output!, text);
    };

    const take = async (records: string[][], lines: number[]) => {
      for (let k = 0; k < records.length; k++) {
        if (header === null) {
          header = records[k];
          const clash = outCols.find((c) => header!.includes(c));
          if (clash !== undefined) throw new CliError(`${dataPath} already has a column named '${clash}'; rename it before scoring`);
          binding = bind(sig, header, typeof values.columns === 'string' ? values.columns : undefined, dataPath);
          output = createWriteStream(outPath);
          // An unwritable --out surfaces on the next write or at finish, not as an uncaught event.
          output.on('error', (e) => (writeError = e));
          await write(output, [...header, ...outCols].map(quote).join(',') + '\r\n');
          continue;
        }
        dataRow++;
        pending.push({ row: records[k].map((c) => (c === '' ? null : c)), n: dataRow, line: lines[k] });
        if (pending.length >= CHUNK_ROWS) await flush();
      }
    };

    try {
      for await (const chunk of input) await take(parser.push(chunk as string), parser.lastRecordLines);
      await take(parser.end(), parser.lastRecordLines);
      if (header === null) throw new CliError(`${dataPath}: empty file`);
      await flush();
      const out = output as WriteStream | null;
      if (out) {
        out.end();
        await once(out, 'finish');
      }
    } catch (err) {
      input.destroy();
      const out = output as WriteStream | null;
      if (out) {
        out.destroy();
        await rm(outPath, { force: true });
      }
      if (err instanceof CliError) throw err;
      if (err instanceof CsvError) throw new CliError(`${dataPath}: ${err.message}`);
      const code = (err as NodeJS.ErrnoException).code;
      if (writeError) throw new CliError(`${outPath}: ${(writeError as Error).message}`);
      if (code === 'ENOENT') throw new CliError(`${dataPath}: no such file`);
      throw err;
    } finally {
      await session.release();
    }

    if (values.json) {
      io.stdout(JSON.stringify({ rows_scored: scored, rows_skipped: skipped.length, out: outPath }) + '\n');
      return 0;
    }
    io.stdout(`scored ${scored} rows → ${outPath}${skipped.length ? ` (${skipped.length} skipped)` : ''}\n`);
    for (const s of skipped.slice(0, 10)) io.stderr(`skipped ${s}\n`);
    if (skipped.length > 10) io.stderr(`… and ${skipped.length - 10} more\n`);
    return 0;
  },
};
