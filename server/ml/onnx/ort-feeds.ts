// Turns raw input columns into onnxruntime feeds for a Vigil model (one [n,1] tensor per raw
// column: double with NaN = missing, string with '' = missing), for a slice of rows.
import * as ort from 'onnxruntime-node';
import type { RawInputs } from '../features/raw-inputs';
import type { FeatureSpec } from '../features/spec';

export function rawFeeds(spec: Pick<FeatureSpec, 'inputs'>, raw: RawInputs, start: number, end: number): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  const m = end - start;
  for (const inp of spec.inputs) {
    const col = raw.columns.get(inp.name);
    if (!col) throw new Error(`no data for input '${inp.name}'`);
    feeds[inp.name] =
      inp.type === 'numeric'
        ? new ort.Tensor('float64', (col as Float64Array).slice(start, end), [m, 1])
        : new ort.Tensor('string', (col as (string | null)[]).slice(start, end).map((v) => v ?? ''), [m, 1]);
  }
  return feeds;
}
