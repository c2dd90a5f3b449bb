// Models as other tools export them, built here with onnx-proto (python's onnx is not installed):
// a single tensor input [N, d] and the output shapes those exporters write. Each comes with the
// probability it should give for a row of d features, computed here in JS, so a test can tell a
// served score is right (and that the columns went in the right order).
import { attr, GraphBuilder } from '@/server/ml/onnx/graph-builder';
import { onnx } from '@/server/ml/onnx/proto';

export interface ForeignFixture {
  bytes: Uint8Array;
  d: number;
  /** P(class 1) for one row of features, as the exported graph computes it. */
  predict(x: number[]): number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
/** Weights that make feature j count with sign (+,-,+,...) and falling size: order matters. */
const weight = (j: number) => (j % 2 === 0 ? 1 : -1) * (1.5 / (j + 1));

function withOpsets(b: GraphBuilder, opsets: [string, number][], patch?: (m: ReturnType<GraphBuilder['toModel']>) => void): Uint8Array {
  const m = b.toModel({ producerName: 'test-exporter' });
  m.opsetImport = opsets.map(([domain, version]) => onnx.OperatorSetIdProto.create({ domain, version }));
  patch?.(m);
  return onnx.ModelProto.encode(m).finish();
}

/** torch.onnx.export of a 2-layer MLP: Gemm/Relu/Gemm/Sigmoid, output `output` float [batch, 1]. */
export function torchMlp(d: number, opts: { opset?: number; inputType?: 'float' | 'double' | 'int64' } = {}): ForeignFixture {
  const h = 4;
  const W1 = Array.from({ length: h * d }, (_, k) => (k % (d + 1) === 0 ? 1 : 0.1) * weight(k % d));
  const b1 = Array.from({ length: h }, (_, k) => 0.1 * k);
  const W2 = [1.2, -0.4, 0.9, 0.3];
  const b2 = -0.2;
  const b = new GraphBuilder('main_graph');
  const raw = b.input('input', opts.inputType ?? 'float', ['batch', d]);
  // A model taking another element type casts it first, so it still loads and runs.
  const x = opts.inputType && opts.inputType !== 'float' ? b.op('Cast', [raw], { to: attr.int(1) }) : raw;
  const z1 = b.op('Relu', [b.op('Gemm', [x, b.floats('fc1.weight', W1, [h, d]), b.floats('fc1.bias', b1, [h])], { transB: attr.int(1) }, { output: '/fc1/Gemm_output_0' })]);
  const p = b.op('Sigmoid', [b.op('Gemm', [z1, b.floats('fc2.weight', W2, [1, h]), b.floats('fc2.bias', [b2], [1])], { transB: attr.int(1) })]);
  b.output(b.identity(p, 'output'), 'float', ['batch', 1]);
  const f = Math.fround;
  return {
    bytes: withOpsets(b, [['', opts.opset ?? 17]]),
    d,
    predict(xs) {
      let z = b2;
      for (let k = 0; k < h; k++) {
        let a = b1[k];
        for (let j = 0; j < d; j++) a += f(W1[k * d + j]) * f(xs[j]);
        z += W2[k] * Math.max(0, a);
      }
      return sigmoid(z);
    },
  };
}

/** Two logits → Softmax, output `probs` float [N, 2] (column 1 = P(class 1)); opset 15. */
export function softmaxTwoColumn(d: number): ForeignFixture {
  const w = Array.from({ length: d }, (_, j) => weight(j));
  const W = Array.from({ length: d * 2 }, (_, k) => (k % 2 === 0 ? -w[k >> 1] / 2 : w[k >> 1] / 2));
  const b = new GraphBuilder('net');
  const x = b.input('x', 'float', ['N', d]);
  const logits = b.op('Add', [b.op('MatMul', [x, b.floats('W', W, [d, 2])]), b.floats('B', [-0.1, 0.1], [2])]);
  b.output(b.op('Softmax', [logits], { axis: attr.int(1) }, { output: 'probs' }), 'float', ['N', 2]);
  return { bytes: withOpsets(b, [['', 15]]), d, predict: (xs) => sigmoid(xs.reduce((s, v, j) => s + w[j] * v, 0) + 0.2) };
}

/**
 * skl2onnx's LogisticRegression: LinearClassifier (LOGISTIC) → `label` int64 [N] and a float
 * [N, 2] probability tensor, Normalizer (L1), ZipMap → `probabilities` (a sequence of maps, which
 * onnxruntime-node cannot return). Opset 13, ai.onnx.ml 1, input `float_input`.
 */
export function sklearnLogreg(d: number, classes: number[] = [0, 1]): ForeignFixture {
  const w = Array.from({ length: d }, (_, j) => weight(j));
  const intercept = 0.3;
  const b = new GraphBuilder('LogisticRegression');
  const x = b.input('float_input', 'float', ['N', d]);
  const [label, probs] = b.node('LinearClassifier', [x], {
    domain: 'ai.onnx.ml',
    outputs: ['label', 'probability_tensor'],
    attrs: {
      classlabels_ints: attr.ints(classes),
      coefficients: attr.floats([...w.map((v) => -v), ...w]),
      intercepts: attr.floats([-intercept, intercept]),
      multi_class: attr.int(0),
      post_transform: attr.string('LOGISTIC'),
    },
  });
  const norm = b.op('Normalizer', [probs], { norm: attr.string('L1') }, { domain: 'ai.onnx.ml', output: 'probabilities_normalized' });
  b.node('ZipMap', [norm], { domain: 'ai.onnx.ml', outputs: ['probabilities'], attrs: { classlabels_int64s: attr.ints(classes) } });
  b.output(label, 'int64', ['N']);
  const bytes = withOpsets(
    b,
    [
      ['', 13],
      ['ai.onnx.ml', 1],
    ],
    (m) => {
      // A sequence of maps int64 → float, as skl2onnx declares the ZipMap output.
      m.graph!.output!.push(
        onnx.ValueInfoProto.create({
          name: 'probabilities',
          type: { sequenceType: { elemType: { mapType: { keyType: 7, valueType: { tensorType: { elemType: 1 } } } } } },
        }),
      );
    },
  );
  return {
    bytes,
    d,
    predict(xs) {
      // LOGISTIC on each class score, then L1 normalisation.
      const z = xs.reduce((s, v, j) => s + Math.fround(w[j]) * Math.fround(v), 0) + intercept;
      const p1 = sigmoid(z);
      const p0 = sigmoid(-z);
      return p1 / (p0 + p1);
    },
  };
}
