// Input mapping for an uploaded model that takes ONE tensor [N, d] (PyTorch, skl2onnx,
// onnxmltools exports): at registration the uploaded graph is rewritten so the stored artifact
// takes raw columns like Vigil's own models, and every consumer (JSON and OIP serving, batch
// scoring, evaluation, reference profiles, drift, data quality, fairness) reads it as a normal
// column model with no special case.
//
// Two mappings:
//   columns      an ordered list of raw numeric columns: one tensor(double) [N,1] input each,
//                Concat'ed in order and Cast to the model's element type → its [N, d] input
//   featureSpec  a Vigil feature spec (statistics left out are fitted on the named dataset
//                version): its preprocessing (../features/onnx-preprocess.ts, the same nodes Vigil's
//                own models use) is prepended and its [N, d] output Cast into the model's input
// Either way the spec (for columns: one identity numeric feature per column, none nullable) is
// written to metadata `vigil.feature_spec`, so serving validates rows against it.
//
// Outputs are normalised to Vigil's output for the mapping's `task` (default binary; see
// ./signature.ts), so the stored artifact reads like a model Vigil trained:
//   binary      `probability` tensor(float) [N,1] = P(class 1): from an output already named so;
//               from scikit-learn's ZipMap `probabilities` (its input, the [N,2] probability
//               tensor, column 1); or from the one float/double output of shape [N], [N,1] (the
//               value) or [N,2] (column 1)
//   multiclass  `probabilities` tensor(float) [N,k]: from an output named so, the tensor a ZipMap
//               reads (its class labels are the class names unless `classes` are given), or the
//               one float output [N,k]; the classes (`classes`, or the ZipMap's) are written to
//               metadata `vigil.classes` in column order
//   regression  `prediction` tensor(float) [N,1]: from an output named `prediction` or
//               `variable` (skl2onnx's regressors), or the one float output [N] / [N,1]
// Other outputs (`label`, the ZipMap sequence, which onnxruntime-node cannot return) are dropped,
// and nodes no remaining output needs are removed.
//
// The uploaded graph's own nodes and opsets are kept as they are (unlike ./compose.ts, which
// re-homes a foreign graph into Vigil's opset 17): the prepended nodes are ones whose meaning is
// the same in every opset this runtime serves from 7 on (Identity, Concat, Cast, Gather, Reshape)
// or, for a spec, from 13 on (Where/IsNaN/Log/Sub/Div/Min/Max/GreaterOrEqual/ReduceSum with its
// axes input/Equal, and ai.onnx.ml LabelEncoder ≥ 2).
import { z } from 'zod';
import { canonicalJson, sha256Hex, specSha256 } from '../features/hash';
import { appendPreprocessing, declareInputs } from '../features/onnx-preprocess';
import { parseFeatureSpec, SPEC_LIMITS, SpecError, type FeatureSpec } from '../features/spec';
import { METADATA_CLASSES, METADATA_FEATURE_SPEC, METADATA_FEATURE_SPEC_SHA256, METADATA_TASK } from './export-model';
import { attr, ElemTypeCode, GraphBuilder } from './graph-builder';
import { onnx, type OnnxTypes as P } from './proto';
import { MAX_CLASS_NAME, MAX_CLASSES, type Task } from './signature';
import { unstorableReason } from '../../serving/storable';

export const METADATA_INPUT_MAPPING = 'vigil.input_mapping';

/** Caps on a mapping, which comes from a request: its JSON size and its column count. */
export const INPUT_MAPPING_LIMITS = { maxJsonChars: 256 * 1024, maxColumns: SPEC_LIMITS.maxInputs };

export class InputMappingError extends Error {
  constructor(
    message: string,
    /** The request field at fault: the mapping itself or the uploaded file. */
    readonly field: 'inputMapping' | 'file' = 'inputMapping',
  ) {
    super(message);
  }
}

const columnName = z.string().trim().min(1, 'must be a non-empty name').max(SPEC_LIMITS.maxNameLength, `at most ${SPEC_LIMITS.maxNameLength} characters`);

const className = z
  .string()
  .min(1, 'must be a non-empty class name')
  .max(MAX_CLASS_NAME, `at most ${MAX_CLASS_NAME} characters`)
  .refine((c) => unstorableReason(c) === null, { message: 'holds a character Postgres cannot store (U+0000 or a lone surrogate)' });
const taskFields = {
  task: z.enum(['binary', 'multiclass', 'regression']).optional(),
  classes: z.array(className).min(2, 'must name at least 2 classes').max(MAX_CLASSES, `at most ${MAX_CLASSES} classes`).optional(),
};
const ColumnsSchema = z
  .object({ columns: z.array(columnName).min(1, 'must name at least one column').max(INPUT_MAPPING_LIMITS.maxColumns, `at most ${INPUT_MAPPING_LIMITS.maxColumns} columns`), ...taskFields })
  .strict();
const SpecMappingSchema = z.object({ featureSpec: z.unknown(), ...taskFields }).strict();

/** What the model predicts: `classes` names a multiclass model's probability columns, in order. */
export interface MappingTask {
  task: Task;
  classes?: string[];
}

export type InputMapping = ({ kind: 'columns'; columns: string[] } | { kind: 'featureSpec'; spec: FeatureSpec }) & MappingTask;

/**
 * Parses a mapping from JSON text or a value: `{"columns": [...]}` or `{"featureSpec": {...}}`.
 * Errors name the place in the mapping.
 */
export function parseInputMapping(input: unknown): InputMapping {
  let value = input;
  if (typeof input === 'string') {
    if (input.length > INPUT_MAPPING_LIMITS.maxJsonChars) throw new InputMappingError(`the mapping is ${input.length} characters; the limit is ${INPUT_MAPPING_LIMITS.maxJsonChars}`);
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new InputMappingError(`not JSON: ${(e as Error).message}`);
    }
  } else if (JSON.stringify(input ?? null).length > INPUT_MAPPING_LIMITS.maxJsonChars) {
    throw new InputMappingError(`the mapping is over ${INPUT_MAPPING_LIMITS.maxJsonChars} characters of JSON`);
  }
  const obj = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  const schema = obj && 'columns' in obj ? ColumnsSchema : obj && 'featureSpec' in obj ? SpecMappingSchema : null;
  if (!schema) throw new InputMappingError('must be {"columns": ["col", ...]} or {"featureSpec": {...}}');
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const at = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    throw new InputMappingError(`${at || '(mapping)'}: ${issue.message}`);
  }
  const task = r.data.task ?? 'binary';
  const classes = r.data.classes;
  if (classes) {
    if (task !== 'multiclass') throw new InputMappingError(`classes: only a multiclass mapping names classes (task is ${task})`);
    const seen = new Map<string, number>();
    classes.forEach((c, i) => {
      if (seen.has(c)) throw new InputMappingError(`classes[${i}]: '${c}' is named twice (also classes[${seen.get(c)}])`);
      seen.set(c, i);
    });
  }
  const t: MappingTask = classes ? { task, classes } : { task };
  if ('columns' in r.data) {
    const seen = new Map<string, number>();
    r.data.columns.forEach((c, i) => {
      if (seen.has(c)) throw new InputMappingError(`columns[${i}]: '${c}' is named twice (also columns[${seen.get(c)}])`);
      seen.set(c, i);
    });
    return { kind: 'columns', columns: r.data.columns, ...t };
  }
  try {
    return { kind: 'featureSpec', spec: parseFeatureSpec(r.data.featureSpec), ...t };
  } catch (e) {
    if (e instanceof SpecError) throw new InputMappingError(`featureSpec: ${e.message}`);
    throw e;
  }
}

/** The spec a columns mapping stands for: each column a required numeric input, used as is. */
export function columnsSpec(columns: string[]): FeatureSpec {
  return parseFeatureSpec({
    version: 1,
    inputs: columns.map((name) => ({ name, type: 'numeric', nullable: false })),
    features: columns.map((input) => ({ input, transforms: [] })),
  });
}

/** The spec a mapping applies (for featureSpec: still to be fitted when statistics are left out). */
export function mappingSpec(m: InputMapping): FeatureSpec {
  return m.kind === 'columns' ? columnsSpec(m.columns) : m.spec;
}

export interface TensorInput {
  name: string;
  elem: 'float' | 'double';
  /** The static width, when the model declares one. */
  d: number | null;
}

export interface ScoreSource {
  /** The tensor the score is read from. */
  tensor: string;
  /** Binary: its column holding P(class 1) (0 for [N] / [N,1]). */
  column: number;
  /** Binary: 1 or 2; multiclass: k; regression: 1. */
  width: number;
  /** Where it came from, for the registry: e.g. `probabilities (ZipMap)`. */
  from: string;
  /** Multiclass: the class names, in column order. */
  classes?: string[];
}

/** The normalised output each task's stored artifact has. */
const OUTPUT_NAME: Record<Task, string> = { binary: 'probability', multiclass: 'probabilities', regression: 'prediction' };

function decode(bytes: Uint8Array): P.ModelProto {
  try {
    const m = onnx.ModelProto.decode(bytes);
    if (!m.graph) throw new Error('it has no graph');
    return m;
  } catch (e) {
    throw new InputMappingError(`not an ONNX model: ${(e as Error).message}`, 'file');
  }
}

function shape(vi: P.IValueInfoProto): (number | string | null)[] | null {
  const s = vi.type?.tensorType?.shape;
  if (!vi.type?.tensorType || !s) return null;
  return (s.dim ?? []).map((d) => (d.dimValue != null && Number(d.dimValue) > 0 ? Number(d.dimValue) : (d.dimParam ?? null)));
}

const ELEM: Record<number, string> = { 1: 'float', 2: 'uint8', 3: 'int8', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool', 10: 'float16', 11: 'double' };

/** The one [N, d] float/double input a mapping can feed; refuses any other model, saying why. */
export function tensorInputOf(model: P.IModelProto): TensorInput {
  const g = model.graph!;
  const meta = new Map((model.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? '']));
  if (meta.has(METADATA_FEATURE_SPEC)) throw new InputMappingError('this model already takes raw columns (it carries a Vigil feature spec); upload it without a mapping');
  const task = meta.get(METADATA_TASK);
  if (task && task !== 'binary') throw new InputMappingError(`this is a ${task} model; a mapping serves binary models only`);
  const inits = new Set((g.initializer ?? []).map((t) => t.name ?? ''));
  const feeds = (g.input ?? []).filter((i) => !inits.has(i.name ?? ''));
  if (feeds.length !== 1) {
    throw new InputMappingError(`a mapping feeds a model with ONE tensor input [N, d]; this model has ${feeds.length} inputs (${feeds.map((f) => f.name).join(', ')}), so it already takes raw columns: upload it without a mapping`);
  }
  const inp = feeds[0];
  const dims = shape(inp);
  const elemCode = inp.type?.tensorType?.elemType ?? 0;
  if (!dims) throw new InputMappingError(`the model's input '${inp.name}' is not a tensor`);
  if (elemCode !== ElemTypeCode.float && elemCode !== ElemTypeCode.double) {
    throw new InputMappingError(`the model's input '${inp.name}' is tensor(${ELEM[elemCode] ?? `type ${elemCode}`}); a mapping feeds a float or double tensor`);
  }
  if (dims.length !== 2) throw new InputMappingError(`the model's input '${inp.name}' has shape [${dims.map((d) => d ?? '?').join(',')}]; a mapping feeds a tensor of shape [N, d]`);
  return { name: inp.name ?? '', elem: elemCode === ElemTypeCode.float ? 'float' : 'double', d: typeof dims[1] === 'number' ? dims[1] : null };
}

function attrInts(n: P.INodeProto, name: string): number[] | null {
  const a = (n.attribute ?? []).find((x) => x.name === name);
  return a ? (a.ints ?? []).map(Number) : null;
}
function attrStrings(n: P.INodeProto, name: string): string[] | null {
  const a = (n.attribute ?? []).find((x) => x.name === name);
  return a ? (a.strings ?? []).map((s) => new TextDecoder().decode(s)) : null;
}

/** A float or double tensor (what an output read as a score, probabilities or a value must be). */
const isFloat = (o: P.IValueInfoProto) => o.type?.tensorType?.elemType === ElemTypeCode.float || o.type?.tensorType?.elemType === ElemTypeCode.double;

/** Where the task's output is in the uploaded graph (see the rules at the top). */
export function taskSourceOf(model: P.IModelProto, t: MappingTask = { task: 'binary' }): ScoreSource {
  if (t.task === 'binary') return scoreSourceOf(model);
  const g = model.graph!;
  const outputs = g.output ?? [];
  if (t.task === 'regression') {
    const named = outputs.find((o) => o.name === 'prediction') ?? outputs.find((o) => o.name === 'variable');
    const candidates = named ? [named] : outputs.filter((o) => isFloat(o) && (shape(o)?.length === 1 || (shape(o)?.length === 2 && shape(o)![1] === 1)));
    if (candidates.length !== 1) {
      throw new InputMappingError(`cannot tell which output is the prediction: no output named 'prediction' or 'variable', and ${candidates.length} float outputs of shape [N] or [N,1] (outputs: ${describeOutputs(outputs)})`, 'file');
    }
    const s = shape(candidates[0]);
    if (!isFloat(candidates[0]) || !s || !(s.length === 1 || (s.length === 2 && s[1] === 1))) {
      throw new InputMappingError(`the output '${candidates[0].name}' must be a float tensor [N] or [N,1] for a regression model (outputs: ${describeOutputs(outputs)})`, 'file');
    }
    return { tensor: candidates[0].name ?? '', column: 0, width: 1, from: candidates[0].name ?? '' };
  }
  // Multiclass.
  const outNames = new Set(outputs.map((o) => o.name ?? ''));
  const zipmap = (g.node ?? []).find((n) => n.opType === 'ZipMap' && (n.output ?? []).some((o) => outNames.has(o)));
  let tensor: string;
  let from: string;
  let classes = t.classes;
  let width: number | null;
  const named = outputs.find((o) => o.name === 'probabilities' && o.type?.tensorType);
  if (named) {
    const s = shape(named);
    if (!isFloat(named) || !s || s.length !== 2) throw new InputMappingError(`the output 'probabilities' must be a float tensor [N,k] (outputs: ${describeOutputs(outputs)})`, 'file');
    tensor = 'probabilities';
    from = 'probabilities';
    width = typeof s[1] === 'number' ? s[1] : null;
  } else if (zipmap) {
    const labels = attrInts(zipmap, 'classlabels_int64s')?.map(String) ?? attrStrings(zipmap, 'classlabels_strings') ?? [];
    tensor = (zipmap.input ?? [])[0] ?? '';
    from = `${zipmap.output?.[0]} (ZipMap over classes ${labels.join(', ')})`;
    width = labels.length;
    if (!classes) {
      for (const [i, c] of labels.entries()) {
        const why = c.length === 0 || c.length > MAX_CLASS_NAME ? `must be 1 to ${MAX_CLASS_NAME} characters` : unstorableReason(c);
        if (why) throw new InputMappingError(`the ZipMap's class label ${i + 1} ${why}; name the classes in the mapping ("classes": [...])`, 'file');
      }
      if (new Set(labels).size !== labels.length) throw new InputMappingError('the ZipMap lists a class label twice; name the classes in the mapping ("classes": [...])', 'file');
      classes = labels;
    }
  } else {
    const candidates = outputs.filter((o) => isFloat(o) && shape(o)?.length === 2);
    if (candidates.length !== 1) {
      throw new InputMappingError(`cannot tell which output holds the class probabilities: no output named 'probabilities', no ZipMap, and ${candidates.length} float outputs of shape [N,k] (outputs: ${describeOutputs(outputs)})`, 'file');
    }
    tensor = candidates[0].name ?? '';
    from = tensor;
    const s = shape(candidates[0])!;
    width = typeof s[1] === 'number' ? s[1] : null;
  }
  if (!classes) throw new InputMappingError(`a multiclass mapping needs the class names of '${tensor}' in column order ("classes": [...]); only a ZipMap output carries them`);
  if (classes.length < 2 || classes.length > MAX_CLASSES) throw new InputMappingError(`a multiclass model has 2 to ${MAX_CLASSES} classes; this one has ${classes.length}`, 'file');
  if (width !== null && width !== classes.length) {
    throw new InputMappingError(`'${tensor}' has ${width} columns but ${classes.length} classes are named (${classes.slice(0, 10).join(', ')})`);
  }
  return { tensor, column: 0, width: classes.length, from, classes };
}

function describeOutputs(outputs: P.IValueInfoProto[]): string {
  return outputs.map((o) => `${o.name}: ${o.type?.tensorType ? `tensor(${ELEM[o.type.tensorType.elemType ?? 0] ?? '?'}) [${(shape(o) ?? []).map((d) => d ?? '?').join(',')}]` : o.type?.sequenceType ? 'sequence' : 'other'}`).join('; ');
}

/** Where P(class 1) is in the uploaded graph (see the rules at the top). */
export function scoreSourceOf(model: P.IModelProto): ScoreSource {
  const g = model.graph!;
  const outputs = g.output ?? [];
  const describeOut = () => describeOutputs(outputs);
  const named = outputs.find((o) => o.name === 'probability');
  if (named) {
    const s = shape(named);
    if (!isFloat(named) || !s || !(s.length === 1 || (s.length === 2 && (s[1] === 1 || s[1] === 2)))) {
      throw new InputMappingError(`the output 'probability' must be a float tensor [N], [N,1] or [N,2] (outputs: ${describeOut()})`, 'file');
    }
    const width = s.length === 2 && s[1] === 2 ? 2 : 1;
    return { tensor: 'probability', column: width === 2 ? 1 : 0, width, from: 'probability' };
  }
  // scikit-learn's classifiers (skl2onnx, onnxmltools): `label` + ZipMap `probabilities`.
  const outNames = new Set(outputs.map((o) => o.name ?? ''));
  const zipmap = (g.node ?? []).find((n) => n.opType === 'ZipMap' && (n.output ?? []).some((o) => outNames.has(o)));
  if (zipmap) {
    const labels = attrInts(zipmap, 'classlabels_int64s') ?? attrStrings(zipmap, 'classlabels_strings') ?? [];
    if (labels.length !== 2) throw new InputMappingError(`the ZipMap output lists ${labels.length} classes; map it as a multiclass model ("task": "multiclass")`, 'file');
    return { tensor: (zipmap.input ?? [])[0] ?? '', column: 1, width: 2, from: `${zipmap.output?.[0]} (ZipMap over classes ${labels.join(', ')}; P(${labels[1]}))` };
  }
  const candidates = outputs.filter((o) => {
    const s = shape(o);
    return isFloat(o) && s && (s.length === 1 || (s.length === 2 && (s[1] === 1 || s[1] === 2)));
  });
  if (candidates.length !== 1) {
    throw new InputMappingError(
      `cannot tell which output is the probability: no output named 'probability', no ZipMap, and ${candidates.length} float outputs of shape [N], [N,1] or [N,2] (outputs: ${describeOut()})`,
      'file',
    );
  }
  const s = shape(candidates[0])!;
  const width = s.length === 2 && s[1] === 2 ? 2 : 1;
  return { tensor: candidates[0].name ?? '', column: width === 2 ? 1 : 0, width, from: candidates[0].name ?? '' };
}

/** Every tensor name a graph (and its subgraphs) mentions. */
function allNames(g: P.IGraphProto, into = new Set<string>()): Set<string> {
  for (const v of [...(g.input ?? []), ...(g.output ?? []), ...(g.valueInfo ?? [])]) into.add(v.name ?? '');
  for (const t of g.initializer ?? []) into.add(t.name ?? '');
  for (const n of g.node ?? []) {
    for (const x of [...(n.input ?? []), ...(n.output ?? [])]) into.add(x);
    for (const a of n.attribute ?? []) for (const sg of [a.g, ...(a.graphs ?? [])]) if (sg) allNames(sg, into);
  }
  into.delete('');
  return into;
}

/** Names a node reads, counting what its subgraphs read from the outer graph. */
function reads(n: P.INodeProto): string[] {
  const out = [...(n.input ?? [])];
  for (const a of n.attribute ?? []) for (const sg of [a.g, ...(a.graphs ?? [])]) if (sg) for (const x of allNames(sg)) out.push(x);
  return out;
}

export interface MappedModel {
  /** The artifact to store: raw columns in, the task's output (`probability`, `probabilities` or `prediction`) out. */
  bytes: Uint8Array;
  /** The same output normalisation on the untouched input, for the parity check. */
  reference: Uint8Array;
  input: TensorInput;
  score: ScoreSource;
  task: Task;
  /** The normalised output's name. */
  output: string;
  /** Width of the feature tensor the mapping produces. */
  d: number;
}

/**
 * Rewrites the uploaded graph: `spec` (fitted; the columns spec for a columns mapping) is
 * prepended, and outputs are normalised. Throws InputMappingError naming what does not fit.
 */
export function applyInputMapping(bytes: Uint8Array, mapping: InputMapping, spec: FeatureSpec): MappedModel {
  const model = decode(bytes);
  const input = tensorInputOf(model);
  const task = mapping.task ?? 'binary';
  const score = taskSourceOf(model, mapping);
  const outName = OUTPUT_NAME[task];
  const g = model.graph!;
  const names = allNames(g);
  const defaultOpset = Number((model.opsetImport ?? []).find((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx')?.version ?? 0);
  // A column list prepends Identity/Concat/Cast only (same meaning from opset 7 on); a spec's
  // preprocessing reads ReduceSum's axes as an input, which needs 13.
  const minOpset = mapping.kind === 'columns' ? 7 : 13;
  if (defaultOpset < minOpset) {
    throw new InputMappingError(`the model imports opset ${defaultOpset || 'none'} of the default domain; a ${mapping.kind === 'columns' ? 'column' : 'feature-spec'} mapping needs ${minOpset} or later (re-export with a newer opset)`, 'file');
  }

  // A fresh prefix for everything Vigil adds, so nothing clashes with the uploaded graph's names.
  let prefix = 'vigil_map/';
  for (let k = 2; [...names].some((n) => n.startsWith(prefix)); k++) prefix = `vigil_map${k}/`;
  for (const c of spec.inputs) {
    if (names.has(c.name)) throw new InputMappingError(`column '${c.name}' is also a tensor name inside the model; rename the column in your data`);
  }
  if (score.tensor !== outName && names.has(outName)) throw new InputMappingError(`the model has an inner tensor named '${outName}' that is not its ${task === 'binary' ? 'score' : task === 'multiclass' ? 'probabilities' : 'prediction'} output`, 'file');

  // The prelude, built with Vigil's own graph builder and preprocessing, then spliced in.
  const b = new GraphBuilder('prelude');
  try {
    declareInputs(b, spec);
  } catch (e) {
    throw new InputMappingError((e as Error).message);
  }
  let pre: ReturnType<typeof appendPreprocessing>;
  try {
    pre = appendPreprocessing(b, spec, `${prefix}features`);
  } catch (e) {
    throw new InputMappingError(`featureSpec: ${(e as Error).message}`);
  }
  if (input.d !== null && input.d !== pre.d) {
    const what = mapping.kind === 'columns' ? `the mapping names ${pre.d} column${pre.d === 1 ? '' : 's'}` : `the feature spec produces ${pre.d} features`;
    throw new InputMappingError(`${what}, but the model's input '${input.name}' is [N, ${input.d}]`);
  }
  b.output(b.op('Cast', [pre.features], { to: attr.int(ElemTypeCode[input.elem]) }, { output: `${prefix}input` }), input.elem, ['N', pre.d]);
  const prelude = b.toModel().graph!;
  const rename = (n: string) => (n === '' || spec.inputs.some((i) => i.name === n) ? n : n === `${prefix}input` ? input.name : n.startsWith(prefix) ? n : `${prefix}${n}`);
  const preludeNodes = (prelude.node ?? []).map((n) => onnx.NodeProto.create({ ...n, name: `${prefix}${n.name}`, input: (n.input ?? []).map(rename), output: (n.output ?? []).map(rename) }));
  const preludeInits = (prelude.initializer ?? []).map((t) => onnx.TensorProto.create({ ...t, name: rename(t.name ?? '') }));

  // The task's output → `probability` float [N,1] | `probabilities` float [N,k] | `prediction` float [N,1].
  const tail: P.INodeProto[] = [];
  const tailInits: P.ITensorProto[] = [];
  let scoreName = score.tensor;
  const outShape = task === 'multiclass' ? [{ dimParam: 'N' }, { dimValue: score.width }] : [{ dimParam: 'N' }, { dimValue: 1 }];
  const alreadyNormal =
    score.tensor === outName && outputElem(g, outName) === ElemTypeCode.float && shape(g.output!.find((o) => o.name === outName)!)?.length === 2 && (task === 'multiclass' || score.width === 1);
  if (!alreadyNormal) {
    if (score.tensor === outName) {
      // Rename the uploaded output so the normalised one can take the name.
      scoreName = `${prefix}${outName}_in`;
      for (const n of g.node ?? []) n.output = (n.output ?? []).map((o) => (o === outName ? scoreName : o));
      for (const n of g.node ?? []) n.input = (n.input ?? []).map((i) => (i === outName ? scoreName : i));
    }
    const col = `${prefix}score_column`;
    const shape2 = `${prefix}score_shape`;
    let x = scoreName;
    if (task === 'binary' && score.width === 2) {
      tailInits.push(onnx.TensorProto.create({ name: col, dims: [1], dataType: ElemTypeCode.int64, int64Data: [score.column] }));
      tail.push(onnx.NodeProto.create({ name: `${prefix}Gather`, opType: 'Gather', input: [x, col], output: [`${prefix}score_gathered`], attribute: [onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 })] }));
      x = `${prefix}score_gathered`;
    } else {
      tailInits.push(onnx.TensorProto.create({ name: shape2, dims: [2], dataType: ElemTypeCode.int64, int64Data: [-1, task === 'multiclass' ? score.width : 1] }));
      tail.push(onnx.NodeProto.create({ name: `${prefix}Reshape`, opType: 'Reshape', input: [x, shape2], output: [`${prefix}score_column_vector`] }));
      x = `${prefix}score_column_vector`;
    }
    tail.push(onnx.NodeProto.create({ name: `${prefix}Cast`, opType: 'Cast', input: [x], output: [outName], attribute: [onnx.AttributeProto.create({ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: ElemTypeCode.float })] }));
  }
  const normalisedOut = onnx.ValueInfoProto.create({
    name: outName,
    type: { tensorType: { elemType: ElemTypeCode.float, shape: { dim: outShape } } },
  });

  const build = (withPrelude: boolean): Uint8Array => {
    const nodes = [...(withPrelude ? preludeNodes : []), ...(g.node ?? []), ...tail];
    const inits = [...(withPrelude ? preludeInits : []), ...(g.initializer ?? []), ...tailInits];
    const kept = liveNodes(nodes, outName);
    const used = new Set(kept.flatMap(reads));
    const graph = onnx.GraphProto.create({
      ...g,
      node: kept,
      initializer: inits.filter((t) => used.has(t.name ?? '')),
      // Older exporters list initializers as inputs too; keep those that are still read.
      input: withPrelude ? [...(prelude.input ?? []), ...(g.input ?? []).filter((i) => i.name !== input.name && used.has(i.name ?? ''))] : (g.input ?? []).filter((i) => i.name === input.name || used.has(i.name ?? '')),
      output: [normalisedOut],
      valueInfo: (g.valueInfo ?? []).filter((v) => v.name !== outName && used.has(v.name ?? '')),
    });
    const opsets = new Map((model.opsetImport ?? []).map((o) => [o.domain === 'ai.onnx' ? '' : (o.domain ?? ''), Number(o.version ?? 0)]));
    if (withPrelude && preludeNodes.some((n) => n.domain === 'ai.onnx.ml')) {
      const ml = opsets.get('ai.onnx.ml');
      if (ml !== undefined && ml < 2 && (g.node ?? []).some((n) => n.opType === 'LabelEncoder')) {
        throw new InputMappingError('the model uses ai.onnx.ml LabelEncoder at opset 1; a feature spec with one_hot needs opset 2 or later (re-export the model)', 'file');
      }
      opsets.set('ai.onnx.ml', Math.max(ml ?? 0, 2));
    }
    const meta = (model.metadataProps ?? []).filter((p) => ![METADATA_FEATURE_SPEC, METADATA_FEATURE_SPEC_SHA256, METADATA_INPUT_MAPPING, METADATA_TASK, METADATA_CLASSES].includes(p.key ?? ''));
    // Binary is what a model without task metadata is; the others say so (./signature.ts).
    if (task !== 'binary') meta.push(onnx.StringStringEntryProto.create({ key: METADATA_TASK, value: task }));
    if (score.classes) meta.push(onnx.StringStringEntryProto.create({ key: METADATA_CLASSES, value: JSON.stringify(score.classes) }));
    if (withPrelude) {
      meta.push(onnx.StringStringEntryProto.create({ key: METADATA_FEATURE_SPEC, value: canonicalJson(spec) }));
      meta.push(onnx.StringStringEntryProto.create({ key: METADATA_FEATURE_SPEC_SHA256, value: specSha256(spec) }));
      meta.push(
        onnx.StringStringEntryProto.create({
          key: METADATA_INPUT_MAPPING,
          value: canonicalJson({ kind: mapping.kind, input: input.name, d: pre.d, score: score.from, ...(task !== 'binary' ? { task } : {}), originalSha256: sha256Hex(bytes) }),
        }),
      );
    }
    return onnx.ModelProto.encode(
      onnx.ModelProto.create({
        ...model,
        graph,
        opsetImport: [...opsets.entries()].sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0)).map(([domain, version]) => onnx.OperatorSetIdProto.create({ domain, version })),
        metadataProps: meta,
      }),
    ).finish();
  };
  return { bytes: build(true), reference: build(false), input, score, task, output: outName, d: pre.d };
}

function outputElem(g: P.IGraphProto, name: string): number | undefined {
  return (g.output ?? []).find((o) => o.name === name)?.type?.tensorType?.elemType ?? undefined;
}

/** The nodes `output` depends on, in their original (topological) order. */
function liveNodes(nodes: P.INodeProto[], output: string): P.INodeProto[] {
  const need = new Set([output]);
  const keep = new Array<boolean>(nodes.length).fill(false);
  for (let i = nodes.length - 1; i >= 0; i--) {
    if ((nodes[i].output ?? []).some((o) => need.has(o))) {
      keep[i] = true;
      for (const r of reads(nodes[i])) need.add(r);
    }
  }
  return nodes.filter((_, i) => keep[i]);
}
