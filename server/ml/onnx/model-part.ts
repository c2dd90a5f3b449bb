// The contract between the feature preprocessing and a trainer's exported model.
//
// The exporter (./export-model.ts) declares one graph input per raw column, appends the feature
// spec's preprocessing nodes, names their result `features` (tensor(double) [N, d], columns in
// FeatureMatrix.featureNames order; also a graph output so parity can compare it), then calls
// `part.append(builder, 'features', d)`. The part appends its nodes (MatMul/Add/Sigmoid for
// logistic regression; ai.onnx.ml TreeEnsemble* for GBDT — call `b.useOpset('ai.onnx.ml', v)` if
// it needs a newer ai.onnx.ml than 3) and returns the name of a tensor(float) [N, 1] holding
// P(class 1). The exporter copies it to the graph output `probability`. Never emit ZipMap.
//
// Multiclass and regression parts (TaskModelPart) return instead a tensor(float) [N, k] of class
// probabilities (columns in the sorted class order) or [N, 1] of predicted values; the exporter
// names it `probabilities` (and adds `label`) or `prediction`.
import { GraphBuilder } from './graph-builder';

export interface ModelPart {
  /** Short name of the trainer that produced it, e.g. 'logreg' (stored in metadata). */
  readonly kind: string;
  append(b: GraphBuilder, features: string, d: number): string;
}

/** A multiclass (`width` = k) or regression (`width` = 1) part; `append` returns float [N, width]. */
export interface TaskModelPart extends ModelPart {
  readonly task: 'multiclass' | 'regression';
  readonly width: number;
}

/**
 * A graph holding only a model part: input `features` tensor(double) [N, d], output `probability`
 * tensor(float) [N, 1] (or [N, width] for a TaskModelPart). Lets a trainer test its exported part
 * without a feature spec.
 */
export function modelPartGraph(part: ModelPart | TaskModelPart, d: number): GraphBuilder {
  const b = new GraphBuilder();
  const x = b.input('features', 'double', ['N', d]);
  const p = part.append(b, x, d);
  b.output(b.identity(p, 'probability'), 'float', ['N', 'width' in part ? part.width : 1]);
  return b;
}
