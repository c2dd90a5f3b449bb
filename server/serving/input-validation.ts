// Turns JSON rows into model input columns, validated against the version's signature and
// feature spec. Every problem names the row (0-based, as in the request) and the field. Nulls in
// nullable fields become the graph's missing value (NaN / ''), which the graph imputes.
import { allowedCategories, encodedCategories } from '@/server/ml/features/spec';
import type { ModelSignature } from '@/server/ml/onnx/signature';

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
  const inputs = sig.inputs.inputs;
  const known = new Set(inputs.map((i) => i.name));
  const n = rows.length;
  const columns = new Map<string, Float64Array | string[]>();
  for (const inp of inputs) columns.set(inp.name, inp.elem === 'string' ? new Array<string>(n) : new Float64Array(n));
  const problems: InputProblem[] = [];
  let reason: InputError['reason'] = 'wrong_type';
  const fail = (p: InputProblem, r: InputError['reason']) => {
    if (problems.length === 0) reason = r;
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const logged: Record<string, number | string | null>[] = new Array(n);
  let imputed = 0;
  const encoded = sig.spec ? encodedCategories(sig.spec) : null;
  const unseen: (string[] | null)[] = new Array<string[] | null>(n).fill(null);

  for (let r = 0; r < n; r++) {
    const row = rows[r];
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      fail({ row: r, field: '(row)', message: 'must be a JSON object of field → value' }, 'wrong_type');
      continue;
    }
    const obj = row as Record<string, unknown>;
    if (opts.unknownFields === 'reject') {
      for (const k of Object.keys(obj)) if (!known.has(k)) fail({ row: r, field: k, message: `unknown field (the model's inputs are ${[...known].join(', ')})` }, 'unknown_field');
    }
    const out: Record<string, number | string | null> = {};
    for (const inp of inputs) {
      const v = obj[inp.name];
      const col = columns.get(inp.name)!;
      if (v === undefined || v === null) {
        if (!inp.spec.nullable) {
          fail({ row: r, field: inp.name, message: v === undefined ? 'missing required field' : 'is null but the field is not nullable' }, 'missing_field');
          continue;
        }
        imputed++;
        out[inp.name] = null;
        if (col instanceof Float64Array) col[r] = NaN;
        else col[r] = '';
        continue;
      }
      if (col instanceof Float64Array) {
        if (typeof v !== 'number') {
          fail({ row: r, field: inp.name, message: `expected a number, got ${typeof v === 'string' ? `the string "${v.slice(0, 40)}"` : typeof v}` }, 'wrong_type');
          continue;
        }
        if (!Number.isFinite(v)) {
          fail({ row: r, field: inp.name, message: 'must be a finite number (NaN and Infinity are not allowed)' }, 'not_finite');
          continue;
        }
        const range = inp.spec.type === 'numeric' ? inp.spec.range : undefined;
        if (range && ((range.min !== undefined && v < range.min) || (range.max !== undefined && v > range.max))) {
          fail({ row: r, field: inp.name, message: `${v} is outside the allowed range [${range.min ?? '-∞'}, ${range.max ?? '∞'}]` }, 'out_of_range');
          continue;
        }
        col[r] = v;
        out[inp.name] = v;
      } else {
        if (typeof v !== 'string') {
          fail({ row: r, field: inp.name, message: `expected a string, got ${typeof v}` }, 'wrong_type');
          continue;
        }
        if (v === '') {
          fail({ row: r, field: inp.name, message: 'empty string: send null for a missing value' }, 'wrong_type');
          continue;
        }
        const cats = allowedCategories(inp.spec);
        if (cats && !cats.has(v)) {
          fail({ row: r, field: inp.name, message: `"${v.slice(0, 40)}" is not an allowed category` }, 'unknown_category');
          continue;
        }
        const seen = encoded?.get(inp.name);
        if (seen && !seen.has(v)) (unseen[r] ??= []).push(inp.name);
        col[r] = v;
        out[inp.name] = v;
      }
    }
    logged[r] = out;
  }
  if (problems.length) throw new InputError(problems, reason);
  return { n, columns, rows: logged, imputedNulls: imputed, unseen };
}
