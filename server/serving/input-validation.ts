// Turns JSON rows into model input columns, validated against the version's signature and
// feature spec. Every problem names the row (0-based, as in the request) and the field. Nulls in
// nullable fields become the graph's missing value (NaN / ''), which the graph imputes.
import type { ModelSignature } from '@/server/ml/onnx/signature';
import { admissionPlan, cellProblem } from '@/server/scoring/admission';

export interface InputProblem {
  row: number;
  field: string;
  message: string;
}

export class InputError extends Error {
  constructor(
    readonly problems: InputProblem[],
    /** For metrics: which check failed. */
    readonly reason: 'wrong_type' | 'missing_field' | 'unknown_field' | 'not_finite' | 'out_of_range' | 'unknown_category' | 'bad_request',
  ) {
    super(problems.map((p) => (p.row >= 0 ? `row ${p.row}, field '${p.field}': ${p.message}` : `${p.field}: ${p.message}`)).join('; '));
  }
}

export interface ValidationOptions {
  unknownFields: 'reject' | 'ignore';
  maxRows: number;
}

export interface ValidatedBatch {
  n: number;
  /** Per model input: Float64Array (NaN = missing) or string[] ('' = missing). */
  columns: Map<string, Float64Array | string[]>;
  /** The validated rows as logged (known fields only). */
  rows: Record<string, number | string | null>[];
  imputedNulls: number;
  /** Per row, the categorical inputs whose value the model never saw in training (scored as all zeros); null when none. */
  unseen: (string[] | null)[];
}

const MAX_PROBLEMS = 20;

export function validateRows(sig: ModelSignature, rows: unknown, opts: ValidationOptions): ValidatedBatch {
  if (sig.inputs.kind !== 'columns') {
    throw new InputError([{ row: -1, field: 'rows', message: 'this model takes one tensor input [N, d] and was registered without an input mapping; upload it again naming its raw columns (vigil models upload --columns) to serve it' }], 'bad_request');
  }
  if (!Array.isArray(rows)) throw new InputError([{ row: -1, field: 'rows', message: 'must be an array of objects' }], 'bad_request');
  if (rows.length === 0) throw new InputError([{ row: -1, field: 'rows', message: 'must hold at least one row' }], 'bad_request');
  if (rows.length > opts.maxRows) throw new InputError([{ row: -1, field: 'rows', message: `holds ${rows.length} rows; the limit is ${opts.maxRows} (VIGIL_SERVE_MAX_ROWS)` }], 'bad_request');
  const { inputs, known, knownText } = admissionPlan(sig as ModelSignature & { inputs: { kind: 'columns' } });
  const n = rows.length;
  const columns = new Map<string, Float64Array | string[]>();
  const cols: (Float64Array | string[])[] = inputs.map((inp) => {
    const col = inp.numeric ? new Float64Array(n) : new Array<string>(n);
    columns.set(inp.name, col);
    return col;
  });
  const problems: InputProblem[] = [];
  let reason: InputError['reason'] = 'wrong_type';
  const fail = (p: InputProblem, r: InputError['reason']) => {
    if (problems.length === 0) reason = r;
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const logged: Record<string, number | string | null>[] = new Array(n);
  let imputed = 0;
  const unseen: (string[] | null)[] = new Array<string[] | null>(n).fill(null);

  for (let r = 0; r < n; r++) {
    const row = rows[r];
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      fail({ row: r, field: '(row)', message: 'must be a JSON object of field → value' }, 'wrong_type');
      continue;
    }
    const obj = row as Record<string, unknown>;
    if (opts.unknownFields === 'reject') {
      for (const k in obj) if (!known.has(k) && Object.hasOwn(obj, k)) fail({ row: r, field: k, message: `unknown field (the model's inputs are ${knownText})` }, 'unknown_field');
    }
    const out: Record<string, number | string | null> = {};
    for (let c = 0; c < inputs.length; c++) {
      const inp = inputs[c];
      const v = obj[inp.name];
      const col = cols[c];
      // The one admission rule (server/scoring/admission.ts), shared with `vigil predict`.
      const problem = cellProblem(inp, v);
      if (problem) {
        fail({ row: r, field: inp.name, message: problem.message }, problem.reason);
        continue;
      }
      if (v === undefined || v === null) {
        imputed++;
        out[inp.name] = null;
        if (col instanceof Float64Array) col[r] = NaN;
        else col[r] = '';
      } else if (col instanceof Float64Array) {
        col[r] = v as number;
        out[inp.name] = v as number;
      } else {
        if (inp.seen && !inp.seen.has(v as string)) (unseen[r] ??= []).push(inp.name);
        col[r] = v as string;
        out[inp.name] = v as string;
      }
    }
    logged[r] = out;
  }
  if (problems.length) throw new InputError(problems, reason);
  return { n, columns, rows: logged, imputedNulls: imputed, unseen };
}
