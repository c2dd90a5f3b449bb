// Assembles the served model: raw columns in → feature spec preprocessing → `features`
// (tensor(double) [N, d], also a graph output so parity can compare it) → the trainer's model
// part → `probability` (tensor(float) [N, 1] = P(class 1)). The fitted feature spec travels in
// metadata_props so `vigil predict` and the serving process can validate raw rows.
import { appendPreprocessing, declareInputs } from '../features/onnx-preprocess';
import { canonicalJson, specSha256 } from '../features/hash';
import type { FeatureSpec } from '../features/spec';
import { attr, GraphBuilder } from './graph-builder';
import type { ModelPart, TaskModelPart } from './model-part';

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

export const METADATA_TASK = 'vigil.task';
export const METADATA_CLASSES = 'vigil.classes';

export interface TaskExportOptions {
  spec: FeatureSpec;
  part: TaskModelPart;
  /** Multiclass: class names in the order of the part's probability columns (sorted). */
  classes?: string[];
  metadata?: [string, string][];
  producerVersion?: string;
}

/**
 * A multiclass or regression model: the same inputs, preprocessing and `features` output as a
 * binary one, then
 *   multiclass: `probabilities` tensor(float) [N, k] (columns in `classes` order) and `label`
 *               tensor(string) [N] = the class of the row's arg-max (ArgMax: first on ties)
 *   regression: `prediction` tensor(float) [N, 1]
 * Metadata adds `vigil.task` and, for multiclass, `vigil.classes` (a JSON array).
 */
export function buildTaskModelGraph(options: TaskExportOptions): GraphBuilder {
  const { part } = options;
  const b = new GraphBuilder('vigil');
  declareInputs(b, options.spec);
  const pre = appendPreprocessing(b, options.spec, 'features');
  b.output(pre.features, 'double', ['N', pre.d]);
  const out = part.append(b, pre.features, pre.d);
  b.setMetadata(METADATA_FEATURE_SPEC, canonicalJson(options.spec));
  b.setMetadata(METADATA_FEATURE_SPEC_SHA256, specSha256(options.spec));
  b.setMetadata(METADATA_TRAINER, part.kind);
  b.setMetadata(METADATA_TASK, part.task);
  if (part.task === 'multiclass') {
    const classes = options.classes ?? [];
    if (classes.length !== part.width) throw new Error(`multiclass export: ${classes.length} class names for ${part.width} probability columns`);
    const probs = b.output(b.identity(out, 'probabilities'), 'float', ['N', part.width]);
    const idx = b.op('ArgMax', [probs], { axis: attr.int(1), keepdims: attr.int(0) });
    b.op(
      'LabelEncoder',
      [idx],
      {
        keys_int64s: attr.ints(classes.map((_, k) => k)),
        values_strings: attr.strings(classes),
        default_string: attr.string(''),
      },
      { domain: 'ai.onnx.ml', output: 'label' },
    );
    b.output('label', 'string', ['N']);
    b.setMetadata(METADATA_CLASSES, JSON.stringify(classes));
  } else {
    b.output(b.identity(out, 'prediction'), 'float', ['N', 1]);
  }
  for (const [k, v] of options.metadata ?? []) b.setMetadata(k, v);
  return b;
}

/** Deterministic bytes: same spec, part, classes and metadata → identical model.onnx. */
export function exportTaskModel(options: TaskExportOptions): Uint8Array {
  return buildTaskModelGraph(options).toBytes({ producerName: 'vigil', producerVersion: options.producerVersion ?? '1' });
}
