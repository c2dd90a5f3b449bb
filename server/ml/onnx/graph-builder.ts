// A small, deterministic ONNX graph builder over the onnx-proto message classes.
//
// Why a builder: the feature preprocessing and every model part (logistic regression, the GBDT
// tree ensemble) append nodes to ONE graph, and the exported bytes must be identical for identical
// inputs. So tensor and node names come from per-prefix counters in call order (no random ids,
// no timestamps), initializers are stored as little-endian raw bytes, and the producer is fixed.
//
// How a model part appends nodes (see also ModelPart in ./model-part.ts):
//
//   const b = new GraphBuilder('vigil');
//   const x = b.input('features', 'double', ['N', d]);          // graph input (or preprocessing output)
//   const w = b.doubles('coef', coefficients, [d, 1]);           // initializer, unique name returned
//   const z = b.op('MatMul', [x, w]);                            // one node, its output name returned
//   const p = b.op('Sigmoid', [b.op('Add', [z, b.doubles('intercept', [c])])]);
//   const pf = b.op('Cast', [p], { to: attr.int(ElemTypeCode.float) });
//   const [label, probs] = b.node('TreeEnsembleClassifier', [xf], {
//     domain: 'ai.onnx.ml', outputs: 2, attrs: { ... } });       // multi-output / other-domain node
//   b.output(b.identity(pf, 'probability'), 'float', ['N', 1]); // name a graph output
//   const bytes = b.toBytes();
//
// Rules: every tensor a node reads must already exist (graph input, initializer or an earlier
// node's output); `op`/`node` check this so a mistake fails where it is made, not in onnxruntime.
// Default opsets: '' (ai.onnx) 17 and ai.onnx.ml 3; `useOpset` raises a domain's version.
// Opset 17's Equal has no string overload: compare strings via ai.onnx.ml LabelEncoder first.
import { onnx, type OnnxTypes as P } from './proto';

export type ElemType = 'float' | 'double' | 'string' | 'int64' | 'bool' | 'int32' | 'uint8';
/** A dimension: a fixed size or a symbolic name such as 'N'. */
export type Dim = number | string;

/** onnx.TensorProto.DataType codes, e.g. for Cast's `to` attribute. */
export const ElemTypeCode: Record<ElemType, number> = {
  float: 1,
  uint8: 2,
  int32: 6,
  int64: 7,
  string: 8,
  bool: 9,
  double: 11,
};

export type AttrValue =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'ints'; value: number[] }
  | { kind: 'floats'; value: number[] }
  | { kind: 'strings'; value: string[] }
  | { kind: 'tensor'; value: TensorValue };

/** Attribute constructors: explicit because a JS number cannot say whether it is an int or a float. */
export const attr = {
  int: (value: number): AttrValue => ({ kind: 'int', value }),
  float: (value: number): AttrValue => ({ kind: 'float', value }),
  string: (value: string): AttrValue => ({ kind: 'string', value }),
  ints: (value: number[]): AttrValue => ({ kind: 'ints', value }),
  floats: (value: number[]): AttrValue => ({ kind: 'floats', value }),
  strings: (value: string[]): AttrValue => ({ kind: 'strings', value }),
  tensor: (value: TensorValue): AttrValue => ({ kind: 'tensor', value }),
};

/** A constant tensor. Numeric values are written exactly (double as float64, float rounded to float32). */
export type TensorValue =
  // uint8: e.g. TreeEnsemble's nodes_modes tensor attribute.
  | { type: 'double' | 'float' | 'int64' | 'int32' | 'uint8'; dims: number[]; values: ArrayLike<number> }
  | { type: 'bool'; dims: number[]; values: ArrayLike<boolean | number> }
  | { type: 'string'; dims: number[]; values: string[] };

export interface NodeOptions {
  attrs?: Record<string, AttrValue>;
  /** Operator domain: '' (default, ai.onnx) or 'ai.onnx.ml'. */
  domain?: string;
  /** Number of outputs (fresh names) or the exact output names. Default 1 fresh output. */
  outputs?: number | string[];
  /** Prefix for fresh output names; defaults to the lower-cased op type. */
  prefix?: string;
}

export interface ModelOptions {
  producerName?: string;
  producerVersion?: string;
  docString?: string;
}

const DEFAULT_OPSETS: [string, number][] = [
  ['', 17],
  ['ai.onnx.ml', 3],
];
const IR_VERSION = 8; // the IR version that goes with opset 17

export class GraphBuilder {
  private readonly nodes: P.INodeProto[] = [];
  private readonly initializers: P.ITensorProto[] = [];
  private readonly inputs: P.IValueInfoProto[] = [];
  private readonly outputs: P.IValueInfoProto[] = [];
  private readonly metadata: [string, string][] = [];
  private readonly opsets = new Map<string, number>(DEFAULT_OPSETS);
  private readonly defined = new Set<string>();
  private readonly counters = new Map<string, number>();

  constructor(readonly graphName = 'vigil') {}

  /** A fresh tensor name `${prefix}_${k}`, k counting per prefix in call order (stable across runs). */
  fresh(prefix: string): string {
    const safe = prefix.replace(/[^A-Za-z0-9_.:-]/g, '_') || 't';
    for (;;) {
      const k = this.counters.get(safe) ?? 0;
      this.counters.set(safe, k + 1);
      const name = `${safe}_${k}`;
      if (!this.defined.has(name)) return name;
    }
  }

  has(name: string): boolean {
    return this.defined.has(name);
  }

  /** Declares a graph input and returns its name (which must be unused). */
  input(name: string, type: ElemType, shape: Dim[]): string {
    this.define(name);
    this.inputs.push(valueInfo(name, type, shape));
    return name;
  }

  /** Declares an existing tensor as a graph output. */
  output(name: string, type: ElemType, shape: Dim[]): string {
    if (!this.defined.has(name)) throw new Error(`graph output '${name}' is not produced by any node`);
    if (this.outputs.some((o) => o.name === name)) throw new Error(`graph output '${name}' declared twice`);
    this.outputs.push(valueInfo(name, type, shape));
    return name;
  }

  /** Adds an initializer named `${prefix}_${k}` and returns its name. */
  constant(prefix: string, value: TensorValue): string {
    const name = this.fresh(prefix);
    this.define(name);
    this.initializers.push(tensorProto(name, value));
    return name;
  }

  doubles(prefix: string, values: ArrayLike<number>, dims: number[] = [values.length]): string {
    return this.constant(prefix, { type: 'double', dims, values });
  }
  floats(prefix: string, values: ArrayLike<number>, dims: number[] = [values.length]): string {
    return this.constant(prefix, { type: 'float', dims, values });
  }
  int64s(prefix: string, values: ArrayLike<number>, dims: number[] = [values.length]): string {
    return this.constant(prefix, { type: 'int64', dims, values });
  }
  strings(prefix: string, values: string[], dims: number[] = [values.length]): string {
    return this.constant(prefix, { type: 'string', dims, values });
  }

  /** Appends one node; returns its output names. An input name '' marks an omitted optional input. */
  node(opType: string, inputs: string[], options: NodeOptions = {}): string[] {
    for (const i of inputs) {
      if (i !== '' && !this.defined.has(i)) throw new Error(`${opType}: input tensor '${i}' is not defined yet`);
    }
    const domain = options.domain ?? '';
    if (!this.opsets.has(domain)) throw new Error(`${opType}: domain '${domain}' has no opset; call useOpset first`);
    const prefix = options.prefix ?? opType.toLowerCase();
    const outs =
      typeof options.outputs === 'number' || options.outputs === undefined
        ? Array.from({ length: (options.outputs as number | undefined) ?? 1 }, () => this.fresh(prefix))
        : options.outputs;
    for (const o of outs) this.define(o);
    const attrs = Object.entries(options.attrs ?? {})
      // Sorted so the attribute order (and so the bytes) never depends on object key order.
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, v]) => attributeProto(name, v));
    this.nodes.push(
      onnx.NodeProto.create({
        name: `${opType}_${this.nodes.length}`,
        opType,
        domain,
        input: inputs,
        output: outs,
        attribute: attrs,
      }),
    );
    return outs;
  }

  /**
   * Appends an initializer taken from another graph (./compose.ts); the caller has already given
   * it a name unused here.
   */
  foreignInitializer(t: P.ITensorProto): string {
    const name = t.name ?? '';
    this.define(name);
    this.initializers.push(onnx.TensorProto.create(t));
    return name;
  }

  /**
   * Appends a node taken from another graph (./compose.ts), tensor names already mapped into
   * this graph; its attributes are kept as they are.
   */
  foreignNode(n: P.INodeProto): string[] {
    const domain = n.domain ?? '';
    for (const i of n.input ?? []) {
      if (i !== '' && !this.defined.has(i)) throw new Error(`${n.opType}: input tensor '${i}' is not defined yet`);
    }
    if (!this.opsets.has(domain)) throw new Error(`${n.opType}: domain '${domain}' has no opset; call useOpset first`);
    const outs = n.output ?? [];
    for (const o of outs) if (o !== '') this.define(o);
    this.nodes.push(onnx.NodeProto.create({ ...n, name: `${n.opType}_${this.nodes.length}`, domain, input: n.input ?? [], output: outs }));
    return outs;
  }

  /** Appends a single-output node and returns the output name. */
  op(opType: string, inputs: string[], attrs?: Record<string, AttrValue>, options: Omit<NodeOptions, 'attrs' | 'outputs'> & { output?: string } = {}): string {
    return this.node(opType, inputs, { ...options, attrs, outputs: options.output ? [options.output] : 1 })[0];
  }

  /** Copies a tensor to a chosen name (e.g. to name a graph output). */
  identity(input: string, outputName: string): string {
    return this.op('Identity', [input], undefined, { output: outputName });
  }

  /** Ensures `domain` is imported at least at `version`. */
  useOpset(domain: string, version: number): void {
    this.opsets.set(domain, Math.max(version, this.opsets.get(domain) ?? 0));
  }

  /** Adds a metadata_props entry (kept in insertion order). */
  setMetadata(key: string, value: string): void {
    const i = this.metadata.findIndex(([k]) => k === key);
    if (i >= 0) this.metadata[i] = [key, value];
    else this.metadata.push([key, value]);
  }

  toModel(options: ModelOptions = {}): P.ModelProto {
    if (this.outputs.length === 0) throw new Error('graph has no outputs');
    const opsetImport = [...this.opsets.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([domain, version]) => onnx.OperatorSetIdProto.create({ domain, version }));
    return onnx.ModelProto.create({
      irVersion: IR_VERSION,
      opsetImport,
      producerName: options.producerName ?? 'vigil',
      producerVersion: options.producerVersion ?? '1',
      docString: options.docString ?? '',
      graph: onnx.GraphProto.create({
        name: this.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      }),
      metadataProps: this.metadata.map(([key, value]) => onnx.StringStringEntryProto.create({ key, value })),
    });
  }

  toBytes(options: ModelOptions = {}): Uint8Array {
    return onnx.ModelProto.encode(this.toModel(options)).finish();
  }

  private define(name: string): void {
    if (!name) throw new Error('tensor names must be non-empty');
    if (this.defined.has(name)) throw new Error(`tensor name '${name}' is already used`);
    this.defined.add(name);
  }
}

function valueInfo(name: string, type: ElemType, shape: Dim[]): P.IValueInfoProto {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: ElemTypeCode[type],
        shape: onnx.TensorShapeProto.create({
          dim: shape.map((d) =>
            typeof d === 'number'
              ? onnx.TensorShapeProto.Dimension.create({ dimValue: d })
              : onnx.TensorShapeProto.Dimension.create({ dimParam: d }),
          ),
        }),
      }),
    }),
  });
}

const utf8 = new TextEncoder();

/** Encodes a constant. Numbers go into raw_data (little-endian) so doubles round-trip bit-exactly. */
export function tensorProto(name: string, value: TensorValue): P.TensorProto {
  const count = value.dims.reduce((a, b) => a * b, 1);
  if (count !== value.values.length) {
    throw new Error(`tensor '${name}': dims [${value.dims.join(',')}] hold ${count} values, got ${value.values.length}`);
  }
  const base = { name, dims: value.dims, dataType: ElemTypeCode[value.type] };
  if (value.type === 'string') {
    return onnx.TensorProto.create({ ...base, stringData: value.values.map((s) => utf8.encode(s)) });
  }
  const width = { double: 8, float: 4, int64: 8, int32: 4, uint8: 1, bool: 1 }[value.type];
  const raw = new Uint8Array(count * width);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < count; i++) {
    const v = Number(value.values[i]);
    switch (value.type) {
      case 'double':
        view.setFloat64(i * 8, v, true);
        break;
      case 'float':
        view.setFloat32(i * 4, v, true);
        break;
      case 'int64':
        if (!Number.isSafeInteger(v)) throw new Error(`tensor '${name}': ${v} is not a safe integer`);
        view.setBigInt64(i * 8, BigInt(v), true);
        break;
      case 'int32':
        view.setInt32(i * 4, v, true);
        break;
      case 'uint8':
        if (!Number.isInteger(v) || v < 0 || v > 255) throw new Error(`tensor '${name}': ${v} is not a uint8`);
        view.setUint8(i, v);
        break;
      case 'bool':
        view.setUint8(i, v ? 1 : 0);
        break;
    }
  }
  return onnx.TensorProto.create({ ...base, rawData: raw });
}

function attributeProto(name: string, v: AttrValue): P.AttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  switch (v.kind) {
    case 'int':
      return onnx.AttributeProto.create({ name, type: T.INT, i: v.value });
    case 'float':
      return onnx.AttributeProto.create({ name, type: T.FLOAT, f: v.value });
    case 'string':
      return onnx.AttributeProto.create({ name, type: T.STRING, s: utf8.encode(v.value) });
    case 'ints':
      return onnx.AttributeProto.create({ name, type: T.INTS, ints: v.value });
    case 'floats':
      return onnx.AttributeProto.create({ name, type: T.FLOATS, floats: v.value });
    case 'strings':
      return onnx.AttributeProto.create({ name, type: T.STRINGS, strings: v.value.map((s) => utf8.encode(s)) });
    case 'tensor':
      return onnx.AttributeProto.create({ name, type: T.TENSOR, t: tensorProto(name, v.value) });
  }
}
