// The GBDT as an ONNX model part:
//
//   features (double [N, d]) → Cast(float) → ai.onnx.ml TreeEnsemble (opset 5) → Add(base score,
//   float) → Cast(double) → Sigmoid → Cast(float) → probability (float [N, 1])
//
// Why this shape:
// - TreeEnsemble-5 (not the deprecated TreeEnsembleRegressor) takes float32 split values as a
//   tensor and compares the float32-cast input against them with BRANCH_LEQ; training binned the
//   features on the same float32 values (server/ml/trainers/gbdt-binning.ts), so every row takes the
//   same path here as in training. onnxruntime 1.30 runs it (tested in tree-ensemble.test.ts).
// - The base score is an explicit Add and the logistic an explicit Sigmoid: TreeEnsembleRegressor's
//   post_transform is ignored for a single target in onnxruntime, and TreeEnsemble-5 dropped
//   base_values, so nothing is left to a post-processing attribute. post_transform = NONE.
// - Leaf weights are float32 and aggregated with SUM starting from 0, in tree order, which is what
//   predictGbdt reproduces; no ZipMap, no label output.
// - The logistic runs in double: onnxruntime's float Sigmoid is a vectorised approximation (off by
//   up to ~3e-7), while its double Sigmoid rounded to float equals predictGbdt's fround(1/(1+e^−z)).
//
// Exactness: with one intra-op thread (or at most 50 rows per run) onnxruntime sums the trees of a
// row in order and the output is bit-identical to predictGbdt. With more threads and more than 50
// rows it sums contiguous blocks of trees per thread and then adds the block sums, a different
// float32 rounding order: the raw score may differ by a few float32 ulps, the probability by
// ~1e-7 (parity tests allow 1e-6).
import type { GbdtEnsemble, GbdtModel, GbdtTree } from '../trainers/gbdt-model';
import { attr, ElemTypeCode, type GraphBuilder } from './graph-builder';
import type { ModelPart, TaskModelPart } from './model-part';

/** TreeEnsemble-5 enum values (onnx/defs/traditionalml/defs.cc). */
const MODE_BRANCH_LEQ = 0;
const AGGREGATE_SUM = 1;
const POST_TRANSFORM_NONE = 0;

export interface TreeEnsembleAttributes {
  nodes_featureids: number[];
  nodes_splits: number[];
  nodes_modes: number[];
  nodes_truenodeids: number[];
  nodes_trueleafs: number[];
  nodes_falsenodeids: number[];
  nodes_falseleafs: number[];
  leaf_targetids: number[];
  leaf_weights: number[];
  tree_roots: number[];
}

/**
 * Flattens the trees into TreeEnsemble-5's encoding: interior nodes and leaves in separate arrays;
 * a child reference is an index into one or the other as its *_leafs flag says. A tree that is a
 * single leaf gets one interior node whose both branches lead to that leaf (the operator needs an
 * interior root).
 */
export function treeEnsembleAttributes(trees: GbdtTree[], targets?: number[]): TreeEnsembleAttributes {
  const a: TreeEnsembleAttributes = {
    nodes_featureids: [],
    nodes_splits: [],
    nodes_modes: [],
    nodes_truenodeids: [],
    nodes_trueleafs: [],
    nodes_falsenodeids: [],
    nodes_falseleafs: [],
    leaf_targetids: [],
    leaf_weights: [],
    tree_roots: [],
  };
  for (let ti = 0; ti < trees.length; ti++) {
    const t = trees[ti];
    const target = targets ? targets[ti] : 0;
    const interior = new Int32Array(t.feature.length).fill(-1);
    const leaf = new Int32Array(t.feature.length).fill(-1);
    // Number interior nodes and leaves in node order (parents before children).
    let nInterior = 0;
    for (let k = 0; k < t.feature.length; k++) {
      if (t.feature[k] >= 0) interior[k] = a.nodes_featureids.length + nInterior++;
      else {
        leaf[k] = a.leaf_weights.length;
        a.leaf_weights.push(t.value[k]);
        a.leaf_targetids.push(target);
      }
    }
    if (nInterior === 0) {
      a.tree_roots.push(a.nodes_featureids.length);
      pushNode(a, 0, 0, leaf[0], 1, leaf[0], 1);
      continue;
    }
    a.tree_roots.push(interior[0]);
    for (let k = 0; k < t.feature.length; k++) {
      if (t.feature[k] < 0) continue;
      const l = t.left[k];
      const r = t.right[k];
      const lLeaf = t.feature[l] < 0;
      const rLeaf = t.feature[r] < 0;
      pushNode(a, t.feature[k], t.threshold[k], lLeaf ? leaf[l] : interior[l], lLeaf ? 1 : 0, rLeaf ? leaf[r] : interior[r], rLeaf ? 1 : 0);
    }
  }
  return a;
}

function pushNode(a: TreeEnsembleAttributes, feature: number, split: number, trueId: number, trueLeaf: number, falseId: number, falseLeaf: number): void {
  a.nodes_featureids.push(feature);
  a.nodes_splits.push(split);
  a.nodes_modes.push(MODE_BRANCH_LEQ);
  a.nodes_truenodeids.push(trueId);
  a.nodes_trueleafs.push(trueLeaf);
  a.nodes_falsenodeids.push(falseId);
  a.nodes_falseleafs.push(falseLeaf);
}

/**
 * Appends Cast(float) → ai.onnx.ml TreeEnsemble (summed leaves, no post-transform) and returns the
 * raw [N, nTargets] margin. Shared by the binary and the multiclass/regression parts so their node
 * encoding cannot drift apart.
 */
function appendTreeEnsemble(b: GraphBuilder, features: string, a: ReturnType<typeof treeEnsembleAttributes>, nTargets: number): string {
  b.useOpset('ai.onnx.ml', 5);
  const xf = b.op('Cast', [features], { to: attr.int(ElemTypeCode.float) });
  const n = a.nodes_featureids.length;
  return b.op(
    'TreeEnsemble',
    [xf],
    {
      n_targets: attr.int(nTargets),
      aggregate_function: attr.int(AGGREGATE_SUM),
      post_transform: attr.int(POST_TRANSFORM_NONE),
      tree_roots: attr.ints(a.tree_roots),
      nodes_featureids: attr.ints(a.nodes_featureids),
      nodes_splits: attr.tensor({ type: 'float', dims: [n], values: a.nodes_splits }),
      nodes_modes: attr.tensor({ type: 'uint8', dims: [n], values: a.nodes_modes }),
      nodes_truenodeids: attr.ints(a.nodes_truenodeids),
      nodes_trueleafs: attr.ints(a.nodes_trueleafs),
      nodes_falsenodeids: attr.ints(a.nodes_falsenodeids),
      nodes_falseleafs: attr.ints(a.nodes_falseleafs),
      leaf_targetids: attr.ints(a.leaf_targetids),
      leaf_weights: attr.tensor({ type: 'float', dims: [a.leaf_weights.length], values: a.leaf_weights }),
    },
    { domain: 'ai.onnx.ml', prefix: 'gbdt_raw' },
  );
}

/** The GBDT model part (see ./model-part.ts for the contract). */
export function gbdtPart(model: GbdtModel): ModelPart {
  return {
    kind: 'gbdt',
    append(b: GraphBuilder, features: string, d: number): string {
      if (d !== model.nFeatures) throw new Error(`gbdt part: model has ${model.nFeatures} features, graph has ${d}`);
      const raw = appendTreeEnsemble(b, features, treeEnsembleAttributes(model.trees), 1);
      const z = b.op('Add', [raw, b.floats('gbdt_base_score', [model.baseScore], [1])], undefined, { prefix: 'gbdt_margin' });
      const p = b.op('Sigmoid', [b.op('Cast', [z], { to: attr.int(ElemTypeCode.double) })]);
      return b.op('Cast', [p], { to: attr.int(ElemTypeCode.float) }, { prefix: 'gbdt_probability' });
    },
  };
}

/**
 * A multiclass or regression GBDT as a model part: one TreeEnsemble with n_targets = k (leaf
 * targets = each tree's output), plus the float32 base scores; multiclass then Cast(double) →
 * Softmax(axis 1) → Cast(float) → [N, k] probabilities, regression the raw [N, 1] value.
 */
export function gbdtTaskPart(model: GbdtEnsemble): TaskModelPart {
  const k = model.nOutputs;
  return {
    kind: 'gbdt',
    task: model.task,
    width: k,
    append(b: GraphBuilder, features: string, d: number): string {
      if (d !== model.nFeatures) throw new Error(`gbdt part: model has ${model.nFeatures} features, graph has ${d}`);
      const raw = appendTreeEnsemble(b, features, treeEnsembleAttributes(model.trees, model.treeOutputs), k);
      const z = b.op('Add', [raw, b.floats('gbdt_base_score', model.baseScores, [k])], undefined, { prefix: 'gbdt_margin' });
      if (model.task === 'regression') return z;
      const p = b.op('Softmax', [b.op('Cast', [z], { to: attr.int(ElemTypeCode.double) })], { axis: attr.int(1) });
      return b.op('Cast', [p], { to: attr.int(ElemTypeCode.float) }, { prefix: 'gbdt_probabilities' });
    },
  };
}
