// Logistic regression as an ONNX model part: Sigmoid(features · coef + intercept) in double,
// cast to float at the end (the graph's `probability` is tensor(float)).
import { attr, ElemTypeCode, type GraphBuilder } from './graph-builder';
import type { ModelPart } from './model-part';

export function logregPart(coef: Float64Array, intercept: number): ModelPart {
  return {
    kind: 'logreg',
    append(b: GraphBuilder, features: string, d: number): string {
      if (d !== coef.length) throw new Error(`logreg part: ${coef.length} coefficients for ${d} features`);
      const w = b.doubles('logreg_coef', coef, [d, 1]);
      const z = b.op('Add', [b.op('MatMul', [features, w]), b.doubles('logreg_intercept', [intercept], [1])]);
      return b.op('Cast', [b.op('Sigmoid', [z])], { to: attr.int(ElemTypeCode.float) });
    },
  };
}
