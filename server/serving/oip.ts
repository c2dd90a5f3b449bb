// Open Inference Protocol V2 (KServe / Triton / Seldon) request and response shapes for
// Vigil's column-input models: one input tensor per raw column ([N] or [N,1]; FP64/FP32/INT64
// for numbers, BYTES for strings), turned into rows so the same validation and logging apply.
import type { ModelSignature, TaskOutputs } from '@/server/ml/onnx/signature';
import { HttpError } from './http-util';
import type { LoadedVersion } from '@/server/scoring/load-version';
import type { PredictionRecord } from './prediction-record';

const DATATYPE: Record<string, string> = { double: 'FP64', float: 'FP32', int64: 'INT64', string: 'BYTES' };
const NUMERIC_TYPES = new Set(['FP64', 'FP32', 'FP16', 'INT64', 'INT32', 'INT16', 'INT8', 'UINT8', 'UINT16', 'UINT32', 'UINT64']);
const INTEGER_TYPES = /^U?INT(8|16|32|64)$/;
/** Said for a model taking one tensor [N, d] that was registered without an input mapping. */
export const UNMAPPED_TENSOR_MODEL = 'this model takes one tensor input [N, d] and was registered without an input mapping; upload it again naming its raw columns (vigil models upload --columns) to serve it';
/** The output tensors a version answers with, per task (server/scoring/task-outputs.ts). */
export function oipOutputNames(o: TaskOutputs): string[] {
  if (o.task === 'multiclass') return ['probabilities', 'label', 'prediction_id'];
  if (o.task === 'regression') return ['prediction', 'prediction_id'];
  return ['probability', 'label', 'prediction_id'];
}

function flatten(data: unknown): unknown[] {
  if (!Array.isArray(data)) throw new HttpError(400, 'data: must be an array');
  return data.some(Array.isArray) ? (data as unknown[]).flat(Infinity) : data;
}

export function oipInputsToRows(sig: ModelSignature, body: { inputs: unknown[] }): Record<string, unknown>[] {
  if (sig.inputs.kind !== 'columns') throw new HttpError(400, UNMAPPED_TENSOR_MODEL);
  const inputs = body.inputs;
  if (!Array.isArray(inputs) || inputs.length === 0) throw new HttpError(400, 'inputs: must be a non-empty array of tensors');
  const expected = new Map(sig.inputs.inputs.map((i) => [i.name, i]));
  let n = -1;
  const cols = new Map<string, unknown[]>();
  for (const [idx, t] of inputs.entries()) {
    const tensor = t as { name?: unknown; shape?: unknown; datatype?: unknown; data?: unknown };
    const where = `inputs[${idx}]${typeof tensor.name === 'string' ? ` (${tensor.name})` : ''}`;
    if (typeof tensor.name !== 'string') throw new HttpError(400, `${where}.name: required`);
    const inp = expected.get(tensor.name);
    if (!inp) throw new HttpError(400, `${where}: unknown input; the model's inputs are ${[...expected.keys()].join(', ')}`);
    if (!Array.isArray(tensor.shape) || !tensor.shape.every((s) => Number.isInteger(s) && s >= 0)) throw new HttpError(400, `${where}.shape: must be an array of non-negative integers`);
    const shape = tensor.shape as number[];
    if (!(shape.length === 1 || (shape.length === 2 && shape[1] === 1))) throw new HttpError(400, `${where}.shape: must be [N] or [N,1], got [${shape.join(',')}]`);
    const dt = String(tensor.datatype);
    if (inp.elem === 'string' ? dt !== 'BYTES' : !NUMERIC_TYPES.has(dt)) throw new HttpError(400, `${where}.datatype: expected ${DATATYPE[inp.elem]}, got ${dt}`);
    const data = flatten(tensor.data);
    if (data.length !== shape[0]) throw new HttpError(400, `${where}.data: holds ${data.length} values but shape says ${shape[0]}`);
    if (INTEGER_TYPES.test(dt)) {
      const at = data.findIndex((x) => x !== null && !Number.isInteger(x));
      if (at !== -1) throw new HttpError(400, `${where}.data[${at}]: ${dt} needs an integer, got ${JSON.stringify(data[at])?.slice(0, 40)}`);
    }
    if (n === -1) n = shape[0];
    else if (shape[0] !== n) throw new HttpError(400, `${where}.shape: batch size ${shape[0]} differs from the other inputs' ${n}`);
    cols.set(tensor.name, data);
  }
  const rows: Record<string, unknown>[] = Array.from({ length: n }, () => ({}));
  for (const [name, data] of cols) for (let i = 0; i < n; i++) rows[i][name] = data[i];
  return rows;
}

/** The requested outputs (`outputs: [{name}]` of the request; all when absent), checked before scoring. */
export function oipRequestedOutputs(outputs: { name: string }[] | undefined, task: TaskOutputs): Set<string> {
  const names = oipOutputNames(task);
  if (!outputs) return new Set(names);
  for (const [i, o] of outputs.entries()) {
    if (!names.includes(o.name)) throw new HttpError(400, `outputs[${i}].name: unknown output '${o.name.slice(0, 60)}'; this ${task.task} model's outputs are ${names.join(', ')}`);
  }
  return new Set(outputs.map((o) => o.name));
}

export function oipOutputs(records: PredictionRecord[], v: LoadedVersion, wanted: Set<string>) {
  const n = records.length;
  const o = v.signature.output;
  const ids = { name: 'prediction_id', datatype: 'BYTES', shape: [n], data: records.map((r) => r.id) };
  let outs: { name: string; datatype: string; shape: number[]; data: unknown[] }[];
  if (o.task === 'multiclass') {
    const k = o.classes.length;
    const data: number[] = [];
    for (const r of records) {
      const p = (r.outputs as { probabilities: Record<string, number> }).probabilities;
      for (const c of o.classes) data.push(p[c]);
    }
    outs = [
      { name: 'probabilities', datatype: v.scoreDatatype, shape: [n, k], data },
      { name: 'label', datatype: 'BYTES', shape: [n], data: records.map((r) => (r.outputs as { label: string }).label) },
      ids,
    ];
  } else if (o.task === 'regression') {
    outs = [{ name: 'prediction', datatype: v.scoreDatatype, shape: [n, 1], data: records.map((r) => (r.outputs as { prediction: number }).prediction) }, ids];
  } else {
    outs = [
      { name: 'probability', datatype: v.scoreDatatype, shape: [n, 1], data: records.map((r) => (r.outputs as { score: number }).score) },
      { name: 'label', datatype: 'INT64', shape: [n, 1], data: records.map((r) => (r.outputs as { label: number }).label) },
      ids,
    ];
  }
  return outs.filter((x) => wanted.has(x.name));
}

/** GET /v2: the server metadata of the protocol. */
export function oipServerMetadata() {
  return { name: 'vigil', version: '0.1.0', extensions: [] as string[] };
}

export function oipModelMetadata(name: string, v: LoadedVersion, versions: string[]) {
  const inputs = v.signature.inputs.kind === 'columns' ? v.signature.inputs.inputs.map((i) => ({ name: i.name, datatype: DATATYPE[i.elem], shape: i.rank === 2 ? [-1, 1] : [-1] })) : [];
  return {
    name,
    versions,
    platform: 'onnxruntime_onnx',
    inputs,
    outputs: oipOutputMetadata(v),
    // Multiclass: the columns of `probabilities` and the values `label` takes.
    ...(v.signature.output.task === 'multiclass' ? { parameters: { classes: v.signature.output.classes } } : {}),
  };
}

function oipOutputMetadata(v: LoadedVersion) {
  const o = v.signature.output;
  const id = { name: 'prediction_id', datatype: 'BYTES', shape: [-1] };
  if (o.task === 'multiclass') return [{ name: 'probabilities', datatype: v.scoreDatatype, shape: [-1, o.classes.length] }, { name: 'label', datatype: 'BYTES', shape: [-1] }, id];
  if (o.task === 'regression') return [{ name: 'prediction', datatype: v.scoreDatatype, shape: [-1, 1] }, id];
  return [{ name: 'probability', datatype: v.scoreDatatype, shape: [-1, 1] }, { name: 'label', datatype: 'INT64', shape: [-1, 1] }, id];
}
