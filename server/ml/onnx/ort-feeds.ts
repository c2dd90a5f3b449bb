// Turns raw input columns into onnxruntime feeds for a Vigil model (one [n,1] tensor per raw
// column: double with NaN = missing, string with '' = missing), for a slice of rows — through the
// scoring core's one feed builder.
import type * as ort from 'onnxruntime-node';
import { buildColumnFeeds } from '@/server/scoring/feeds';
import type { RawInputs } from '../features/raw-inputs';
import type { FeatureSpec } from '../features/spec';

export function rawFeeds(spec: Pick<FeatureSpec, 'inputs'>, raw: RawInputs, start: number, end: number): Record<string, ort.Tensor> {
  const inputs = spec.inputs.map((inp) => ({ name: inp.name, elem: inp.type === 'numeric' ? ('double' as const) : ('string' as const), rank: 2 as const }));
  const columns = new Map(
    spec.inputs.map((inp) => {
      const col = raw.columns.get(inp.name);
      if (!col) throw new Error(`no data for input '${inp.name}'`);
      return [inp.name, col.slice(start, end)] as const;
    }),
  );
  return buildColumnFeeds(inputs, [{ n: end - start, columns }]);
}
