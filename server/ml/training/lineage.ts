// What a trained model records about how it was made, shared by the binary and the multiclass /
// regression training paths so both stamp the same metadata into model.onnx and the same lineage.
import * as ort from 'onnxruntime-node';
import pkg from '../../../package.json';
import { canonicalJson, specSha256 } from '../features/hash';
import type { FeatureSpec } from '../features/spec';

export interface Lineage {
  data_sha256?: string;
  target: string;
  rows: number;
  feature_spec_sha256: string;
  feature_spec: FeatureSpec;
  trainer: string;
  trainer_version: string;
  params: Record<string, unknown>;
  seed: number;
  /**
   * GBDT with early stopping: the rounds the holdout fit kept, which the final fit trains (absent
   * when early stopping did not run: off, or no validation split).
   */
  best_iteration?: number;
  runtime: { node: string; onnxruntime: string; vigil: string };
}

export interface LineageInput {
  dataSha256?: string;
  target: string;
  rows: number;
  spec: FeatureSpec;
  trainer: { name: string; version: string };
  params: Record<string, unknown>;
  seed: number;
  bestIteration?: number;
}

/**
 * The ONNX metadata of a trained model. Only inputs that decide the model go into its bytes (no
 * runtime versions, no timestamps), so the same data, spec, params and seed give the same
 * model.onnx on any machine.
 */
export function modelMetadata(i: Pick<LineageInput, 'trainer' | 'params' | 'seed' | 'target'>): [string, string][] {
  return [
    ['vigil.trainer_version', i.trainer.version],
    ['vigil.params', canonicalJson(i.params)],
    ['vigil.seed', String(i.seed)],
    ['vigil.target', i.target],
  ];
}

/** The run's lineage: data, spec, trainer, params, seed and the runtime that trained it. */
export function buildLineage(i: LineageInput): Lineage {
  return {
    ...(i.dataSha256 ? { data_sha256: i.dataSha256 } : {}),
    target: i.target,
    rows: i.rows,
    feature_spec_sha256: specSha256(i.spec),
    feature_spec: i.spec,
    trainer: i.trainer.name,
    trainer_version: i.trainer.version,
    params: i.params,
    seed: i.seed,
    ...(i.bestIteration !== undefined ? { best_iteration: i.bestIteration } : {}),
    runtime: { node: process.version, onnxruntime: ort.env.versions.common, vigil: pkg.version },
  };
}
