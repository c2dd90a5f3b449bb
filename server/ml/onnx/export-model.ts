// Assembles the served model: raw columns in → feature spec preprocessing → `features`
// (tensor(double) [N, d], also a graph output so parity can compare it) → the trainer's model
// part → `probability` (tensor(float) [N, 1] = P(class 1)). The fitted feature spec travels in
// metadata_props so `vigil predict` and the serving process can validate raw rows.
import { appendPreprocessing, declareInputs } from '../features/onnx-preprocess';
import { canonicalJson, specSha256 } from '../features/hash';
import type { FeatureSpec } from '../features/spec';
import { GraphBuilder } from './graph-builder';
import type { ModelPart } from './model-part';

export const METADATA_FEATURE_SPEC = 'vigil.feature_spec';
export const METADATA_FEATURE_SPEC_SHA256 = 'vigil.feature_spec_sha256';
export const METADATA_TRAINER = 'vigil.trainer';

export interface ExportOptions {
  spec: FeatureSpec;
  part: ModelPart;
  /** Extra metadata_props, written after Vigil's own, in the given order. */
  metadata?: [string, string][];
  producerVersion?: string;
}

export function buildModelGraph(options: ExportOptions): GraphBuilder {
  const b = new GraphBuilder('vigil');
  declareInputs(b, options.spec);
  const pre = appendPreprocessing(b, options.spec, 'features');
  b.output(pre.features, 'double', ['N', pre.d]);
  const p = options.part.append(b, pre.features, pre.d);
  b.output(b.identity(p, 'probability'), 'float', ['N', 1]);
  b.setMetadata(METADATA_FEATURE_SPEC, canonicalJson(options.spec));
  b.setMetadata(METADATA_FEATURE_SPEC_SHA256, specSha256(options.spec));
  b.setMetadata(METADATA_TRAINER, options.part.kind);
  for (const [k, v] of options.metadata ?? []) b.setMetadata(k, v);
  return b;
}

/** Deterministic bytes: same spec, part and metadata → identical model.onnx. */
export function exportModel(options: ExportOptions): Uint8Array {
  return buildModelGraph(options).toBytes({ producerName: 'vigil', producerVersion: options.producerVersion ?? '1' });
}
