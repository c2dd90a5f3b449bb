// The spec used when none is given, derived from the training table's schema: every column but
// the target becomes an input; numeric → (impute median if it has missing values) + standardize;
// categorical → one-hot over the 50 most frequent training values (missing/unknown → zeros).
// A column with no value at all is left out: it carries nothing to learn from.
import type { Table } from '../data/table';
import { DEFAULT_MAX_CATEGORIES, type FeatureSpec } from './spec';

export function deriveSpec(table: Table, target: string, maxCategories = DEFAULT_MAX_CATEGORIES): FeatureSpec {
  const spec: FeatureSpec = { version: 1, inputs: [], features: [] };
  for (const col of table.columns) {
    if (col.name === target) continue;
    if (col.type === 'numeric') {
      let missing = 0;
      for (let i = 0; i < col.values.length; i++) if (Number.isNaN(col.values[i])) missing++;
      if (missing === col.values.length) continue;
      const nullable = missing > 0;
      spec.inputs.push({ name: col.name, type: 'numeric', nullable });
      spec.features.push({
        input: col.name,
        transforms: [...(nullable ? [{ op: 'impute' as const, strategy: 'median' as const }] : []), { op: 'standardize' }],
      });
    } else {
      const missing = col.values.filter((v) => v === null).length;
      if (missing === col.values.length) continue;
      spec.inputs.push({ name: col.name, type: 'categorical', nullable: missing > 0 });
      spec.features.push({ input: col.name, transforms: [{ op: 'one_hot', max_categories: maxCategories }] });
    }
  }
  if (spec.features.length === 0) throw new Error(`no usable feature columns besides the target '${target}'`);
  return spec;
}
