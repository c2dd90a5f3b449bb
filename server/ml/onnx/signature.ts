// What a model expects and what it returns, read from the ONNX graph (not from onnxruntime,
// which does not expose metadata_props). Two input shapes are scorable from a CSV:
//   columns  one [N,1] (or [N]) input per raw column, matched to CSV columns by name — Vigil's
//            own models, whose fitted feature spec (metadata) adds nullability, ranges, categories
//   matrix   a single [N,d] float/double input whose d columns are CSV columns in order
// What it returns depends on its task (metadata `vigil.task`, written by ./export-model.ts and by
// an upload's input mapping; a model without it is binary):
//   binary      the `probability` output when present, else the one float output that is [N,1]
//               or [N] (the value) or [N,2] (its second column, P(class 1))
//   multiclass  a float [N,k] output `probabilities`, columns in the order of metadata
//               `vigil.classes` (a JSON array of k distinct names)
//   regression  a float output `prediction`, [N,1] or [N]
import { parseFeatureSpec, type FeatureSpec, type InputSpec } from '../features/spec';
import { METADATA_CLASSES, METADATA_FEATURE_SPEC, METADATA_TASK } from './export-model';
import { onnx, type OnnxTypes as P } from './proto';
import { unstorableReason } from '../../serving/storable';

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

export type Task = 'binary' | 'multiclass' | 'regression';

export type TaskOutputs =
  | { task: 'binary'; name: string; /** Column of the last dimension holding P(class 1); 0 for [N,1] / [N]. */ column: number; width: number }
  | { task: 'multiclass'; name: 'probabilities'; classes: string[] }
  | { task: 'regression'; name: 'prediction' };

export interface ModelSignature {
  inputs: ModelInputs;
  spec: FeatureSpec | null;
  output: TaskOutputs;
}

/** Values a scored row has: k class probabilities for multiclass, one number otherwise. */
export function outputWidth(o: TaskOutputs): number {
  return o.task === 'multiclass' ? o.classes.length : 1;
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
  const meta = new Map((model.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? '']));
  return { inputs: readInputs(feeds, spec), spec, output: readTaskOutputs(graph.output ?? [], meta) };
}

function readTaskOutputs(outputs: P.IValueInfoProto[], meta: Map<string, string>): TaskOutputs {
  const byName = (name: string) => outputs.find((o) => o.name === name);
  const task = meta.get(METADATA_TASK) ?? 'binary';
  if (task === 'multiclass') {
    const probs = byName('probabilities');
    const info = probs ? tensorInfo(probs) : null;
    if (!probs || !info || (info.elem !== 1 && info.elem !== 11) || info.dims.length !== 2) {
      throw new SignatureError(`a multiclass model needs a float [N,k] output 'probabilities' (outputs: ${outputs.map(describe).join('; ')})`);
    }
    const classes = parseClasses(meta.get(METADATA_CLASSES));
    if (typeof info.dims[1] === 'number' && info.dims[1] !== classes.length) {
      throw new SignatureError(`'probabilities' has ${info.dims[1]} columns but the metadata lists ${classes.length} classes`);
    }
    return { task: 'multiclass', name: 'probabilities', classes };
  }
  if (task === 'regression') {
    const pred = byName('prediction');
    const info = pred ? tensorInfo(pred) : null;
    if (!pred || !info || (info.elem !== 1 && info.elem !== 11) || !(info.dims.length === 1 || (info.dims.length === 2 && info.dims[1] === 1))) {
      throw new SignatureError(`a regression model needs a float output 'prediction' of shape [N,1] or [N] (outputs: ${outputs.map(describe).join('; ')})`);
    }
    return { task: 'regression', name: 'prediction' };
  }
  if (task !== 'binary') throw new SignatureError(`unknown task '${task.slice(0, 40)}' in metadata '${METADATA_TASK}'`);
  return { task: 'binary', ...readOutput(outputs) };
}

/** Most classes a multiclass model may have: every class is a column of every logged prediction. */
export const MAX_CLASSES = 100;
export const MAX_CLASS_NAME = 100;

/** Class names from metadata: a JSON array of 2..MAX_CLASSES distinct non-empty strings. */
export function parseClasses(json: string | undefined): string[] {
  let classes: unknown;
  try {
    classes = JSON.parse(json ?? 'null');
  } catch {
    classes = null;
  }
  if (!Array.isArray(classes) || classes.length < 2 || !classes.every((c) => typeof c === 'string' && c.length > 0 && c.length <= MAX_CLASS_NAME) || new Set(classes).size !== classes.length) {
    throw new SignatureError(`a multiclass model needs its class names in metadata '${METADATA_CLASSES}' (a JSON array of at least 2 distinct non-empty strings of at most ${MAX_CLASS_NAME} characters)`);
  }
  if (classes.length > MAX_CLASSES) throw new SignatureError(`the model lists ${classes.length} classes; at most ${MAX_CLASSES} are served`);
  // Class names are keys of every logged prediction: one Postgres cannot store would stop the log.
  for (const [i, c] of (classes as string[]).entries()) {
    const why = unstorableReason(c);
    if (why) throw new SignatureError(`class ${i + 1} of metadata '${METADATA_CLASSES}' ${why}`);
  }
  return classes as string[];
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

export function readOutput(outputs: P.IValueInfoProto[]): { name: string; column: number; width: number } {
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
