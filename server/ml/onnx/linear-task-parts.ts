// Softmax (multinomial) logistic regression and ridge regression as ONNX model parts, computed in
// double like the trainers and cast to float at the end:
//   softmax: Softmax(features · W + b, axis 1) → float [N, k]
//   ridge:   features · w + b → float [N, 1]
import { attr, ElemTypeCode, type GraphBuilder } from './graph-builder';
import type { TaskModelPart } from './model-part';

/** `coef` is d × k row-major (feature-major: coef[j * k + c]), `intercept` has k entries. */
export function softmaxPart(coef: Float64Array, intercept: Float64Array): TaskModelPart {
  const k = intercept.length;
  return {
    kind: 'logreg',
    task: 'multiclass',
    width: k,
    append(b: GraphBuilder, features: string, d: number): string {
      if (coef.length !== d * k) throw new Error(`softmax part: ${coef.length} coefficients for ${d} features × ${k} classes`);
      const w = b.doubles('softmax_coef', coef, [d, k]);
      const z = b.op('Add', [b.op('MatMul', [features, w]), b.doubles('softmax_intercept', intercept, [k])]);
      return b.op('Cast', [b.op('Softmax', [z], { axis: attr.int(1) })], { to: attr.int(ElemTypeCode.float) });
    },
  };
}

export function ridgePart(coef: Float64Array, intercept: number): TaskModelPart {
  return {
    kind: 'ridge',
    task: 'regression',
    width: 1,
    append(b: GraphBuilder, features: string, d: number): string {
      if (d !== coef.length) throw new Error(`ridge part: ${coef.length} coefficients for ${d} features`);
      const w = b.doubles('ridge_coef', coef, [d, 1]);
      const z = b.op('Add', [b.op('MatMul', [features, w]), b.doubles('ridge_intercept', [intercept], [1])]);
      return b.op('Cast', [z], { to: attr.int(ElemTypeCode.float) });
    },
  };
}
