// The spec used when none is given, derived from the training table: every usable column but the
// target becomes an input; numeric → (impute median if it has missing values) + standardize;
// categorical → one-hot over the 50 most frequent training values (missing/unknown → zeros).
// Left out by default, each with its reason (../data/column-roles.ts): a column with no value,
// identifiers and high-cardinality categoricals (they teach row identities), and the columns
// named in `exclude` (declared sensitive attributes: kept for fairness reports, not as inputs).
// `include` (the run form's column picker) names the inputs explicitly and overrides all that.
import { columnFlag, summaryFromColumn } from '../data/column-roles';
import type { Table } from '../data/table';
import { DEFAULT_MAX_CATEGORIES, type FeatureSpec } from './spec';

export interface DeriveOptions {
  /** Exactly these columns as inputs (the target never is). */
  include?: readonly string[];
  /** Columns never used unless in `include`, e.g. declared sensitive attributes. */
  exclude?: readonly string[];
  maxCategories?: number;
}

export interface DerivedSpec {
  spec: FeatureSpec;
  skipped: { column: string; reason: string }[];
}

/** The inputs and features for `fields`, in order: the derived spec's rules without any choosing. */
export function specForFields(fields: readonly { name: string; type: 'numeric' | 'categorical'; nullable: boolean }[], maxCategories = DEFAULT_MAX_CATEGORIES): FeatureSpec {
  const spec: FeatureSpec = { version: 1, inputs: [], features: [] };
  for (const f of fields) {
    spec.inputs.push({ name: f.name, type: f.type, nullable: f.nullable });
    spec.features.push(
      f.type === 'numeric'
        ? { input: f.name, transforms: [...(f.nullable ? [{ op: 'impute' as const, strategy: 'median' as const }] : []), { op: 'standardize' }] }
        : { input: f.name, transforms: [{ op: 'one_hot', max_categories: maxCategories }] },
    );
  }
  return spec;
}

export function deriveSpecReport(table: Table, target: string, opts: DeriveOptions = {}): DerivedSpec {
  const include = opts.include ? new Set(opts.include) : null;
  if (include) {
    const unknown = [...include].filter((c) => !table.header.includes(c));
    if (unknown.length) throw new Error(`no column ${unknown.map((c) => `'${c}'`).join(', ')} in the data (columns: ${table.header.join(', ')})`);
  }
  const exclude = new Set(opts.exclude ?? []);
  const fields: { name: string; type: 'numeric' | 'categorical'; nullable: boolean }[] = [];
  const skipped: DerivedSpec['skipped'] = [];
  for (const col of table.columns) {
    if (col.name === target) continue;
    const summary = summaryFromColumn(col);
    const flag = columnFlag(summary);
    if (include && !include.has(col.name)) continue;
    if (flag?.kind === 'empty') {
      skipped.push({ column: col.name, reason: flag.reason });
      continue;
    }
    if (!include && exclude.has(col.name)) {
      skipped.push({ column: col.name, reason: 'declared sensitive attribute' });
      continue;
    }
    if (!include && flag) {
      skipped.push({ column: col.name, reason: flag.reason });
      continue;
    }
    fields.push({ name: col.name, type: col.type, nullable: summary.count < col.values.length });
  }
  if (fields.length === 0) {
    const why = skipped.length ? ` (left out: ${skipped.map((s) => `${s.column}: ${s.reason}`).join('; ')})` : '';
    throw new Error(`no usable feature columns besides the target '${target}'${why}`);
  }
  return { spec: specForFields(fields, opts.maxCategories), skipped };
}

export function deriveSpec(table: Table, target: string, opts: DeriveOptions = {}): FeatureSpec {
  return deriveSpecReport(table, target, opts).spec;
}
