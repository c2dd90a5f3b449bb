// Loads the onnx-proto message classes. The package is CommonJS and sets `module.exports.onnx`
// dynamically, so Node's ESM loader exposes it only under `default`; bundlers and tsx may expose it
// directly. Everything in server/ml/onnx imports `onnx` from here rather than from the package.
import * as onnxProtoModule from 'onnx-proto';

type OnnxNamespace = typeof onnxProtoModule.onnx;
const mod = onnxProtoModule as unknown as { onnx?: OnnxNamespace; default?: { onnx?: OnnxNamespace } };
const resolved = mod.onnx ?? mod.default?.onnx;
if (!resolved) throw new Error('onnx-proto did not expose the onnx namespace');

export const onnx: OnnxNamespace = resolved;
// Re-export the namespace's types (onnx.ModelProto, onnx.ITensorProto, …) for annotations.
export type { onnx as OnnxTypes } from 'onnx-proto';
