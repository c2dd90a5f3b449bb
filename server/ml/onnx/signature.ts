// What a model expects and what it returns, read from the ONNX graph (not from onnxruntime,
// which does not expose metadata_props). Two input shapes are scorable from a CSV:
//   columns  one [N,1] (or [N]) input per raw column, matched to CSV columns by name — Vigil's
//            own models, whose fitted feature spec (metadata) adds nullability, ranges, categories
//   matrix   a single [N,d] float/double input whose d columns are CSV columns in order
// The score is the `probability` output when present, else the one float output that is [N,1]
// or [N] (the value) or [N,2] (its second column, P(class 1)).
import { parseFeatureSpec, type FeatureSpec, type InputSpec } from '../features/spec';
import { METADATA_FEATURE_SPEC, METADATA_TASK } from './export-model';
import { onnx, type OnnxTypes as P } from './proto';

export type InputElem = 'double' | 'float' | 'int64' | 'string';

export interface ColumnInput {
  name: string;
  elem: InputElem;
  /** Rank of the input tensor: 2 for [N,1], 1 for [N]. */
  rank: 1 | 2;
  /** Checks for a cell (nullability, type, range); from the feature spec when the model has one. */
  spec: InputSpec;
}

export type ModelInputs =
  | { kind: 'columns'; inputs: ColumnInput[] }
  | { kind: 'matrix'; name: string; elem: 'double' | 'float'; d: number };

export interface ModelSignature {
  inputs: ModelInputs;
  spec: FeatureSpec | null;
  output: { name: string; /** Column of the last dimension holding P(class 1); 0 for [N,1] / [N]. */ column: number; width: number };
}

export class SignatureError extends Error {}

const ELEM: Record<number, InputElem | undefined> = { 1: 'float', 7: 'int64', 8: 'string', 11: 'double' };

export function tensorInfo(v: P.IValueInfoProto): { elem: number; dims: (number | string)[] } | null {
  const t = v.type?.tensorType;
  if (!t) return null;
  const dims = (t.shape?.dim ?? []).map((d) => (d.dimParam ? d.dimParam : d.dimValue != null ? Number(d.dimValue) : '?'));
  return { elem: t.elemType ?? 0, dims };
}

export function describe(v: P.IValueInfoProto): string {
  const info = tensorInfo(v);
  if (!info) return `${v.name} (not a tensor)`;
  const names: Record<number, string> = { 1: 'float', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool', 11: 'double' };
  return `${v.name}: tensor(${names[info.elem] ?? `type ${info.elem}`}) [${info.dims.join(',')}]`;
}

export function readSignature(bytes: Uint8Array): ModelSignature {
  const { model, graph, spec, feeds } = decodeModel(bytes);
  // Multiclass and regression models (./task-signature.ts) have no single P(class 1) to serve;
  // read as binary they would be scored wrongly without a word.
  const task = (model.metadataProps ?? []).find((p) => p.key === METADATA_TASK)?.value;
  if (task && task !== 'binary') {
    throw new SignatureError(`this is a ${task} model; only binary models (one probability output) can be scored here`);
  }
  return { inputs: readInputs(feeds, spec), spec, output: readOutput(graph.output ?? []) };
}

/** The decoded graph, its feature spec (from metadata) and the inputs a caller feeds. */
export function decodeModel(bytes: Uint8Array): { model: P.ModelProto; graph: P.GraphProto; spec: FeatureSpec | null; feeds: P.IValueInfoProto[] } {
  let model: P.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (err) {
    throw new SignatureError(`not an ONNX model: ${(err as Error).message}`);
  }
  const graph = model.graph;
  if (!graph) throw new SignatureError('the ONNX model has no graph');
  const specJson = (model.metadataProps ?? []).find((p) => p.key === METADATA_FEATURE_SPEC)?.value;
  const spec = specJson ? parseFeatureSpec(JSON.parse(specJson)) : null;
  // Initializers may be listed as graph inputs in older IRs; they are not fed by the caller.
  const inits = new Set((graph.initializer ?? []).map((t) => t.name));
  const feeds = (graph.input ?? []).filter((i) => !inits.has(i.name ?? ''));
  return { model, graph: graph as P.GraphProto, spec, feeds };
}

export function readInputs(feeds: P.IValueInfoProto[], spec: FeatureSpec | null): ModelInputs {
  const columnShaped = feeds.every((v) => {
    const info = tensorInfo(v);
    return info && ELEM[info.elem] && (info.dims.length === 1 || (info.dims.length === 2 && info.dims[1] === 1));
  });
  if (columnShaped && (feeds.length > 1 || spec || ELEM[tensorInfo(feeds[0])?.elem ?? 0] === 'string')) {
    const bySpec = new Map((spec?.inputs ?? []).map((i) => [i.name, i]));
    return {
      kind: 'columns',
      inputs: feeds.map((v) => {
        const info = tensorInfo(v)!;
        const elem = ELEM[info.elem]!;
        const name = v.name ?? '';
        const declared = bySpec.get(name);
        // Without a spec, nothing says a value may be missing: every cell must be present.
        const s: InputSpec = declared ?? (elem === 'string' ? { name, type: 'categorical', nullable: false } : { name, type: 'numeric', nullable: false });
        return { name, elem, rank: info.dims.length as 1 | 2, spec: s };
      }),
    };
  }
  if (feeds.length === 1) {
    const info = tensorInfo(feeds[0]);
    const elem = info ? ELEM[info.elem] : undefined;
    if (info && info.dims.length === 2 && typeof info.dims[1] === 'number' && info.dims[1] >= 1 && (elem === 'float' || elem === 'double')) {
      return { kind: 'matrix', name: feeds[0].name ?? '', elem, d: info.dims[1] };
    }
  }
  throw new SignatureError(
    `cannot score this model from CSV columns: it needs either one [N,1] input per column or a single ` +
      `[N,d] float input; its inputs are ${feeds.map(describe).join('; ')}`,
  );
}

export function readOutput(outputs: P.IValueInfoProto[]): ModelSignature['output'] {
  const prob = outputs.find((o) => o.name === 'probability');
  if (prob) return { name: 'probability', column: 0, width: 1 };
  const candidates = outputs.filter((o) => {
    const info = tensorInfo(o);
    if (!info || (info.elem !== 1 && info.elem !== 11)) return false;
    const last = info.dims[info.dims.length - 1];
    return info.dims.length === 1 || (info.dims.length === 2 && (last === 1 || last === 2));
  });
  if (candidates.length !== 1) {
    throw new SignatureError(
      `cannot tell which output is the probability: no output named 'probability' and ${candidates.length} ` +
        `float outputs of shape [N], [N,1] or [N,2] (outputs: ${outputs.map(describe).join('; ')})`,
    );
  }
  const info = tensorInfo(candidates[0])!;
  const width = info.dims.length === 2 ? (info.dims[1] as number) : 1;
  return { name: candidates[0].name ?? '', column: width === 2 ? 1 : 0, width };
}
