// The parity check of multiclass and regression runs (./parity.ts does binary): score the
// training rows with the exported graph in onnxruntime-node and compare `features` and the
// model's output with the batch path. Multiclass: every probability within `tolerance` (absolute)
// and `label` = the class of the row's largest graph probability (first on ties). Regression:
// `prediction` within tolerance · max(1, |batch value|) — the graph emits float32, so a value of
// 1e5 carries ~0.004 of rounding. Any miss throws TaskParityError.
import * as ort from 'onnxruntime-node';
import type { RawInputs } from '../features/raw-inputs';
import type { FeatureSpec } from '../features/spec';
import type { FeatureMatrix } from '../trainers/types';
import { rawFeeds } from './ort-feeds';

export interface TaskParityReport {
  rows: number;
  max_abs_feature_diff: number;
  output: 'probabilities' | 'prediction';
  /** Largest |graph − batch| (multiclass) or |graph − batch| / max(1, |batch|) (regression). */
  max_output_diff: number;
  tolerance: number;
}

export class TaskParityError extends Error {
  constructor(readonly report: TaskParityReport, detail: string) {
    super(
      `ONNX parity check failed: ${detail} (max |Δfeature| ${report.max_abs_feature_diff}, ` +
        `max Δ${report.output} ${report.max_output_diff}, tolerance ${report.tolerance})`,
    );
  }
}

export interface TaskParityInput {
  onnxBytes: Uint8Array;
  spec: FeatureSpec;
  raw: RawInputs;
  features: FeatureMatrix;
  task: 'multiclass' | 'regression';
  /** Row-major n × width batch-path outputs. */
  outputs: Float64Array;
  width: number;
  classes?: string[];
  tolerance?: number;
  chunkRows?: number;
}

function absDiff(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  return Math.abs(a - b);
}

export async function checkTaskParity(input: TaskParityInput): Promise<TaskParityReport> {
  const tol = input.tolerance ?? 1e-6;
  const chunk = input.chunkRows ?? 10_000;
  const { n, d } = input.features;
  const w = input.width;
  const outName = input.task === 'multiclass' ? 'probabilities' : 'prediction';
  const session = await ort.InferenceSession.create(input.onnxBytes);
  let maxF = 0;
  let maxO = 0;
  let first: string | null = null;
  const report = (): TaskParityReport => ({ rows: n, max_abs_feature_diff: maxF, output: outName, max_output_diff: maxO, tolerance: tol });
  try {
    for (let start = 0; start < n; start += chunk) {
      const end = Math.min(n, start + chunk);
      const m = end - start;
      const out = await session.run(rawFeeds(input.spec, input.raw, start, end));
      const f = out.features.data as Float64Array;
      const o = out[outName].data as Float32Array;
      if (f.length !== m * d) throw new TaskParityError(report(), `graph emits ${f.length / m} features per row, batch path ${d}`);
      if (o.length !== m * w) throw new TaskParityError(report(), `graph emits ${o.length / m} ${outName} per row, batch path ${w}`);
      const labels = input.task === 'multiclass' ? (out.label.data as string[]) : null;
      for (let i = 0; i < m; i++) {
        const row = start + i;
        for (let j = 0; j < d; j++) {
          const diff = absDiff(f[i * d + j], input.features.values[row * d + j]);
          if (diff > maxF) maxF = diff;
          if (diff > tol && first === null) first = `row ${row + 1}, feature '${input.features.featureNames[j]}': graph ${f[i * d + j]}, batch ${input.features.values[row * d + j]}`;
        }
        let best = 0;
        for (let c = 0; c < w; c++) {
          const a = o[i * w + c];
          const b = input.outputs[row * w + c];
          const diff = input.task === 'regression' ? absDiff(a, b) / Math.max(1, Math.abs(b)) : absDiff(a, b);
          if (diff > maxO) maxO = diff;
          if (diff > tol && first === null) first = `row ${row + 1}, ${outName}[${c}]: graph ${a}, batch ${b}`;
          if (a > o[i * w + best]) best = c;
        }
        if (labels && input.classes && labels[i] !== input.classes[best] && first === null) {
          first = `row ${row + 1}, label: graph '${labels[i]}', largest probability is class '${input.classes[best]}'`;
        }
      }
    }
  } finally {
    await session.release();
  }
  const r = report();
  if (first !== null) throw new TaskParityError(r, first);
  return r;
}
