// A registry-level description of any ONNX model: its inputs and outputs (name, element type,
// shape), opsets and producer — read from the graph so a model built elsewhere (PyTorch,
// scikit-learn, XGBoost exporters) is described the same way as Vigil's own.
import { onnx, type OnnxTypes as P } from './proto';

export interface TensorDescription {
  name: string;
  type: string;
  shape: (number | string)[];
}

export interface ModelDescription {
  inputs: TensorDescription[];
  outputs: TensorDescription[];
  opsets: { domain: string; version: number }[];
  producer: string;
  irVersion: number;
  metadata: Record<string, string>;
}

const ELEM_NAMES: Record<number, string> = {
  1: 'float', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool', 10: 'float16', 11: 'double', 12: 'uint32', 13: 'uint64',
};

function tensor(v: P.IValueInfoProto): TensorDescription {
  const t = v.type?.tensorType;
  if (!t) return { name: v.name ?? '', type: v.type?.sequenceType ? 'sequence' : v.type?.mapType ? 'map' : 'unknown', shape: [] };
  return {
    name: v.name ?? '',
    type: ELEM_NAMES[t.elemType ?? 0] ?? `type ${t.elemType}`,
    shape: (t.shape?.dim ?? []).map((d) => (d.dimParam ? d.dimParam : d.dimValue != null ? Number(d.dimValue) : '?')),
  };
}

export class InvalidOnnxError extends Error {}

export function describeModel(bytes: Uint8Array): ModelDescription {
  let model: P.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new InvalidOnnxError(`not an ONNX model: ${(e as Error).message}`);
  }
  if (!model.graph) throw new InvalidOnnxError('not an ONNX model: it has no graph');
  const initializers = new Set((model.graph.initializer ?? []).map((i) => i.name));
  return {
    // Inputs that are also initializers are weights, not things a caller feeds.
    inputs: (model.graph.input ?? []).filter((i) => !initializers.has(i.name ?? '')).map(tensor),
    outputs: (model.graph.output ?? []).map(tensor),
    opsets: (model.opsetImport ?? []).map((o) => ({ domain: o.domain || 'ai.onnx', version: Number(o.version ?? 0) })),
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    irVersion: Number(model.irVersion ?? 0),
    metadata: Object.fromEntries((model.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? ''])),
  };
}
