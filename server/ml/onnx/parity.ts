// The parity check run on every training run: score the training rows with the exported graph
// in onnxruntime-node and compare its `features` and `probability` outputs with the batch path.
// Any difference above the tolerance (default 1e-6) throws ParityError — a served model that
// disagrees with the one that was evaluated must not be published.
import { createCheckedSession } from './session';
import type { RawInputs } from '../features/raw-inputs';
import type { FeatureSpec } from '../features/spec';
import type { FeatureMatrix } from '../trainers/types';
import { rawFeeds } from './ort-feeds';

export interface ParityReport {
  rows: number;
  max_abs_feature_diff: number;
  max_abs_probability_diff: number;
  tolerance: number;
}

export class ParityError extends Error {
  constructor(readonly report: ParityReport, detail: string) {
    super(
      `ONNX parity check failed: ${detail} (max |Δfeature| ${report.max_abs_feature_diff}, ` +
        `max |Δprobability| ${report.max_abs_probability_diff}, tolerance ${report.tolerance})`,
    );
  }
}

export interface ParityInput {
  onnxBytes: Uint8Array;
  spec: FeatureSpec;
  raw: RawInputs;
  features: FeatureMatrix;
  probability: Float64Array;
  tolerance?: number;
  chunkRows?: number;
}

export async function checkParity(input: ParityInput): Promise<ParityReport> {
  const tol = input.tolerance ?? 1e-6;
  const chunk = input.chunkRows ?? 10_000;
  const { n, d } = input.features;
  const session = await createCheckedSession(input.onnxBytes);
  let maxF = 0;
  let maxP = 0;
  let first: string | null = null;
  try {
    for (let start = 0; start < n; start += chunk) {
      const end = Math.min(n, start + chunk);
      const out = await session.run(rawFeeds(input.spec, input.raw, start, end));
      const f = out.features.data as Float64Array;
      const p = out.probability.data as Float32Array;
      if (f.length !== (end - start) * d) {
        throw new ParityError(report(), `graph emits ${f.length / (end - start)} features per row, batch path ${d}`);
      }
      for (let i = 0; i < end - start; i++) {
        for (let j = 0; j < d; j++) {
          const a = f[i * d + j];
          const b = input.features.values[(start + i) * d + j];
          // NaN on one side only is a mismatch; NaN on both is agreement.
          const diff = Number.isNaN(a) || Number.isNaN(b) ? (Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity) : Math.abs(a - b);
          if (diff > maxF) maxF = diff;
          if (diff > tol && first === null) first = `row ${start + i + 1}, feature '${input.features.featureNames[j]}': graph ${a}, batch ${b}`;
        }
        const a = p[i];
        const b = input.probability[start + i];
        const diff = Number.isNaN(a) || Number.isNaN(b) ? Infinity : Math.abs(a - b);
        if (diff > maxP) maxP = diff;
        if (diff > tol && first === null) first = `row ${start + i + 1}, probability: graph ${a}, batch ${b}`;
      }
    }
  } finally {
    await session.release();
  }
  const r = report();
  if (first !== null) throw new ParityError(r, first);
  return r;

  function report(): ParityReport {
    return { rows: n, max_abs_feature_diff: maxF, max_abs_probability_diff: maxP, tolerance: tol };
  }
}
