// Static checks on an ONNX model before any onnxruntime session exists. Every path that creates a
// session (upload validation, serving, batch scoring, evaluation, parity, the CLI) goes through
// `checkModelSafety` (see ./session.ts), because the artifact store may already hold a model
// stored before these checks existed.
//
// Why each check:
// - External data: a tensor may say "my bytes are in file X". Models are loaded from bytes, so
//   onnxruntime resolves X against the process's working folder (the repo root): a model could
//   read .env.local into its outputs. Refused anywhere: initializers, sparse initializers, tensor
//   attributes (Constant), subgraphs (If/Loop/Scan bodies) at any depth.
// - Sizes: session creation folds constant subgraphs, so ConstantOfShape [16384,16384] (a
//   234-byte file) allocates 2 GiB in whoever creates the session. Ops whose output size comes
//   from an input (ConstantOfShape, Expand, Tile, Range, Resize/Upsample) must take that size
//   from a constant, and the size is bounded; declared shapes are bounded too.
// - Loop: a constant trip count is bounded (a computed one is bounded by the data it depends on).
// - Node count, subgraph depth, opsets and domains: what we serve (ai.onnx, ai.onnx.ml), no
//   local functions or training info (nothing we run needs them).
import { onnx, type OnnxTypes as P } from './proto';

export const MODEL_LIMITS = {
  /** Nodes in the model, subgraphs included. */
  maxNodes: 100_000,
  /** Subgraph nesting (If inside Loop inside …). */
  maxSubgraphDepth: 8,
  /** Elements of any tensor whose size is known statically (declared, constant, or computed from constants): 2^25. */
  maxTensorElements: 2 ** 25,
  /** Product of a Resize/Upsample's constant scales. */
  maxResizeFactor: 64,
  /** A Loop's constant trip count. */
  maxLoopIterations: 100_000,
  /** Opset versions we serve, per domain ('' is ai.onnx). */
  opsets: { '': 23, 'ai.onnx': 23, 'ai.onnx.ml': 5 } as Record<string, number>,
};

export class UnsafeModelError extends Error {}

type Long = { toNumber(): number };
const num = (v: number | Long | string | null | undefined): number => (v === null || v === undefined ? 0 : typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : v.toNumber());

const EXTERNAL = onnx.TensorProto.DataLocation.EXTERNAL;
const AT = onnx.AttributeProto.AttributeType;
const INT64 = onnx.TensorProto.DataType.INT64;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const DOUBLE = onnx.TensorProto.DataType.DOUBLE;

function product(dims: number[]): number {
  let p = 1;
  for (const d of dims) p *= d;
  return p;
}

/** Values of a small constant numeric tensor (shapes, scales, range bounds); null if not readable. */
function tensorNumbers(t: P.ITensorProto): number[] | null {
  const type = t.dataType ?? 0;
  if (t.int64Data?.length) return t.int64Data.map(num);
  if (t.int32Data?.length) return t.int32Data.map(num);
  if (t.floatData?.length) return t.floatData.map(Number);
  if (t.doubleData?.length) return t.doubleData.map(Number);
  const raw = t.rawData;
  if (!raw || raw.byteLength === 0) return [];
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out: number[] = [];
  if (type === INT64) for (let o = 0; o + 8 <= raw.byteLength; o += 8) out.push(Number(view.getBigInt64(o, true)));
  else if (type === FLOAT) for (let o = 0; o + 4 <= raw.byteLength; o += 4) out.push(view.getFloat32(o, true));
  else if (type === DOUBLE) for (let o = 0; o + 8 <= raw.byteLength; o += 8) out.push(view.getFloat64(o, true));
  else if (type === onnx.TensorProto.DataType.INT32) for (let o = 0; o + 4 <= raw.byteLength; o += 4) out.push(view.getInt32(o, true));
  else return null;
  return out;
}

interface Constant {
  dims: number[];
  values: number[] | null;
}

class Checker {
  private nodes = 0;

  constructor(private readonly limits = MODEL_LIMITS) {}

  private refuse(msg: string): never {
    throw new UnsafeModelError(msg);
  }

  private elements(what: string, dims: number[]): number {
    if (dims.some((d) => !Number.isFinite(d) || d < 0)) this.refuse(`${what} has an invalid shape [${dims.join(',')}]`);
    const n = product(dims);
    if (n > this.limits.maxTensorElements) this.refuse(`${what} would hold ${n} elements (shape [${dims.join(',')}]), over the limit of ${this.limits.maxTensorElements}`);
    return n;
  }

  tensor(what: string, t: P.ITensorProto): Constant {
    if (t.dataLocation === EXTERNAL || (t.externalData?.length ?? 0) > 0) {
      const location = t.externalData?.find((e) => e.key === 'location')?.value;
      this.refuse(`${what} keeps its data outside the model file (external data${location ? ` at ${JSON.stringify(location)}` : ''}); only self-contained models are accepted`);
    }
    const dims = (t.dims ?? []).map(num);
    this.elements(what, dims);
    return { dims, values: dims.length <= 1 && product(dims) <= 16 ? tensorNumbers(t) : null };
  }

  private sparse(what: string, s: P.ISparseTensorProto) {
    if (s.values) this.tensor(`${what} (values)`, s.values);
    if (s.indices) this.tensor(`${what} (indices)`, s.indices);
    this.elements(what, (s.dims ?? []).map(num));
  }

  private valueInfo(what: string, v: P.IValueInfoProto) {
    const dims = v.type?.tensorType?.shape?.dim ?? [];
    // Only fully numeric shapes are bounded here; a symbolic dimension (batch size N) is bounded by the request.
    if (dims.length && dims.every((d) => !d.dimParam && d.dimValue !== null && d.dimValue !== undefined)) {
      this.elements(`${what} '${v.name}'`, dims.map((d) => num(d.dimValue)));
    }
  }

  graph(g: P.IGraphProto, depth: number, where: string) {
    if (depth > this.limits.maxSubgraphDepth) this.refuse(`subgraphs nest deeper than ${this.limits.maxSubgraphDepth} levels (at ${where})`);
    const constants = new Map<string, Constant>();
    for (const t of g.initializer ?? []) constants.set(t.name ?? '', this.tensor(`${where}initializer '${t.name}'`, t));
    for (const s of g.sparseInitializer ?? []) this.sparse(`${where}sparse initializer '${s.values?.name ?? ''}'`, s);
    for (const v of g.input ?? []) this.valueInfo(`${where}input`, v);
    for (const v of g.output ?? []) this.valueInfo(`${where}output`, v);
    for (const v of g.valueInfo ?? []) this.valueInfo(`${where}value`, v);
    for (const n of g.node ?? []) {
      this.nodes++;
      if (this.nodes > this.limits.maxNodes) this.refuse(`the model has more than ${this.limits.maxNodes} nodes`);
      const name = `${where}node '${n.name || n.opType}' (${n.opType})`;
      const domain = n.domain ?? '';
      if (!(domain in this.limits.opsets)) this.refuse(`${name} is in domain '${domain}'; only ai.onnx and ai.onnx.ml operators are served`);
      for (const a of n.attribute ?? []) this.attribute(`${name} attribute '${a.name}'`, a, depth, constants);
      if (domain === '' || domain === 'ai.onnx') this.sizes(name, n, constants);
      if (n.opType === 'Constant' && (n.output ?? []).length === 1) {
        const t = (n.attribute ?? []).find((a) => a.name === 'value')?.t;
        const ints = (n.attribute ?? []).find((a) => a.name === 'value_ints')?.ints;
        if (t) constants.set(n.output![0], { dims: (t.dims ?? []).map(num), values: tensorNumbers(t) });
        else if (ints) constants.set(n.output![0], { dims: [ints.length], values: ints.map(num) });
      }
    }
  }

  private attribute(what: string, a: P.IAttributeProto, depth: number, _constants: Map<string, Constant>) {
    if (a.t) this.tensor(what, a.t);
    for (const t of a.tensors ?? []) this.tensor(what, t);
    if (a.sparseTensor) this.sparse(what, a.sparseTensor);
    for (const s of a.sparseTensors ?? []) this.sparse(what, s);
    if (a.g) this.graph(a.g, depth + 1, `${what} > `);
    for (const g of a.graphs ?? []) this.graph(g, depth + 1, `${what} > `);
    if (a.type === AT.GRAPH && !a.g) this.refuse(`${what} is a graph attribute without a graph`);
  }

  /** Ops whose output size comes from an input: the size must be a constant and bounded. */
  private sizes(name: string, n: P.INodeProto, constants: Map<string, Constant>) {
    const input = (i: number) => (n.input ?? [])[i] ?? '';
    const constantValues = (i: number, role: string): number[] => {
      const c = constants.get(input(i));
      if (!c || !c.values) this.refuse(`${name} takes its ${role} from a computed tensor '${input(i)}'; only a constant ${role} can be checked, so it is refused`);
      return c.values;
    };
    const known = (i: number) => constants.get(input(i));
    switch (n.opType) {
      case 'ConstantOfShape':
        this.elements(name, constantValues(0, 'shape'));
        break;
      case 'Expand': {
        const shape = constantValues(1, 'shape');
        this.elements(name, shape);
        const data = known(0);
        if (data) this.elements(name, broadcast(data.dims, shape));
        break;
      }
      case 'Tile': {
        const repeats = constantValues(1, 'repeats');
        this.elements(name, repeats);
        const data = known(0);
        if (data) this.elements(name, data.dims.map((d, k) => d * (repeats[k] ?? 1)));
        break;
      }
      case 'Range': {
        const [start] = constantValues(0, 'start');
        const [limit] = constantValues(1, 'limit');
        const [delta] = constantValues(2, 'delta');
        this.elements(name, [delta === 0 ? Infinity : Math.max(0, Math.ceil((limit - start) / delta))]);
        break;
      }
      case 'Reshape': {
        // The output has as many elements as the input; a constant shape is still bounded.
        const c = known(1);
        if (c?.values) this.elements(name, c.values.map((d) => (d <= 0 ? 1 : d)));
        break;
      }
      case 'Resize':
      case 'Upsample': {
        const sizesIdx = n.opType === 'Resize' ? 3 : -1;
        const scalesIdx = n.opType === 'Resize' ? (n.input!.length >= 3 ? 2 : 1) : 1;
        if (sizesIdx >= 0 && input(sizesIdx)) {
          this.elements(name, constantValues(sizesIdx, 'sizes'));
          break;
        }
        const attr = (n.attribute ?? []).find((a) => a.name === 'scales')?.floats;
        const scales = input(scalesIdx) ? constantValues(scalesIdx, 'scales') : (attr ?? []).map(Number);
        const factor = product(scales);
        if (!(factor <= this.limits.maxResizeFactor)) this.refuse(`${name} scales its input by ${factor}, over the limit of ${this.limits.maxResizeFactor}`);
        break;
      }
      case 'Loop': {
        const trips = input(0) ? known(0)?.values?.[0] : undefined;
        if (trips !== undefined && trips > this.limits.maxLoopIterations) this.refuse(`${name} runs ${trips} iterations, over the limit of ${this.limits.maxLoopIterations}`);
        break;
      }
      case 'RandomNormal':
      case 'RandomUniform': {
        const shape = (n.attribute ?? []).find((a) => a.name === 'shape')?.ints ?? [];
        this.elements(name, shape.map(num));
        break;
      }
    }
  }
}

function broadcast(a: number[], b: number[]): number[] {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, k) => {
    const x = a[a.length - n + k] ?? 1;
    const y = b[b.length - n + k] ?? 1;
    return Math.max(x, y);
  });
}

/** Throws UnsafeModelError naming what is refused; returns the decoded model otherwise. */
export function checkModelSafety(bytes: Uint8Array, limits = MODEL_LIMITS): P.ModelProto {
  let model: P.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new UnsafeModelError(`not an ONNX model: ${(e as Error).message}`);
  }
  if (!model.graph) throw new UnsafeModelError('not an ONNX model: it has no graph');
  if (model.functions?.length) throw new UnsafeModelError(`the model defines local functions (${model.functions.map((f) => f.name).join(', ')}); they are not served`);
  if (model.trainingInfo?.length) throw new UnsafeModelError('the model carries training_info; it is not served');
  for (const o of model.opsetImport ?? []) {
    const domain = o.domain ?? '';
    const max = limits.opsets[domain];
    if (max === undefined) throw new UnsafeModelError(`the model imports opset domain '${domain}'; only ai.onnx and ai.onnx.ml are served`);
    if (num(o.version) > max) throw new UnsafeModelError(`the model needs ${domain || 'ai.onnx'} opset ${num(o.version)}; at most ${max} is served`);
  }
  new Checker(limits).graph(model.graph, 0, '');
  return model;
}
