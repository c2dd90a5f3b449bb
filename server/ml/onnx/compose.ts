// Composition of a model Vigil did not build (a command trainer's model.onnx; later a
// bring-your-own model) behind the feature spec's preprocessing, so the registered artifact takes
// raw columns like the built-in trainers' models.
//
// The foreign model's contract: ONE graph input, tensor(float) [N, d] — the spec's transformed
// features in FeatureMatrix.featureNames order — and an output tensor(float) [N, 1] holding
// P(class 1) (the output named `probability` when there are several, else the only one). Default
// opset exactly 17 (Vigil's graphs are opset 17; composing an older opset into a newer graph can
// change an operator's meaning silently), ai.onnx.ml any version this runtime serves, no other
// domains, no local functions and no subgraphs (If/Loop/Scan bodies would read outer names that
// the renaming below does not reach).
//
// foreignModelPart() returns a ModelPart: export-model.ts declares the raw inputs, appends the
// preprocessing (double), and the part casts `features` to float and appends the foreign nodes
// with every tensor name prefixed, so nothing clashes with Vigil's names.
import type { ModelPart } from './model-part';
import { attr, ElemTypeCode, type GraphBuilder } from './graph-builder';
import { onnx, type OnnxTypes as P } from './proto';

export class ComposeError extends Error {}

export interface ForeignModelInfo {
  inputName: string;
  outputName: string;
  /** The static feature count of the input, when the model declares one. */
  d: number | null;
}

function dims(vi: P.IValueInfoProto): (number | string | null)[] | null {
  const shape = vi.type?.tensorType?.shape;
  if (!shape) return null;
  return (shape.dim ?? []).map((d) => (d.dimValue != null && Number(d.dimValue) > 0 ? Number(d.dimValue) : (d.dimParam ?? null)));
}

/** Checks the foreign model against the contract above; throws ComposeError naming what is wrong. */
export function inspectForeignModel(model: P.IModelProto): ForeignModelInfo {
  const g = model.graph;
  if (!g) throw new ComposeError('the model has no graph');
  for (const op of model.opsetImport ?? []) {
    const domain = op.domain ?? '';
    const v = Number(op.version ?? 0);
    if ((domain === '' || domain === 'ai.onnx') && v !== 17) throw new ComposeError(`the model imports opset ${v} of the default domain; export it with opset 17`);
    if (domain !== '' && domain !== 'ai.onnx' && domain !== 'ai.onnx.ml') throw new ComposeError(`the model uses operator domain '${domain}'; only the default domain and ai.onnx.ml can be composed`);
  }
  if ((model.functions ?? []).length > 0) throw new ComposeError('the model defines local functions; inline them before export');
  const initNames = new Set((g.initializer ?? []).map((t) => t.name ?? ''));
  const inputs = (g.input ?? []).filter((i) => !initNames.has(i.name ?? ''));
  if (inputs.length !== 1) throw new ComposeError(`the model must have exactly one input (the feature tensor), it has ${inputs.length}: ${inputs.map((i) => i.name).join(', ')}`);
  const input = inputs[0];
  if (input.type?.tensorType?.elemType !== ElemTypeCode.float) throw new ComposeError(`the model's input '${input.name}' must be tensor(float)`);
  const inDims = dims(input);
  if (!inDims || inDims.length !== 2) throw new ComposeError(`the model's input '${input.name}' must have shape [N, d]`);
  const outputs = g.output ?? [];
  const output = outputs.length === 1 ? outputs[0] : outputs.find((o) => o.name === 'probability');
  if (!output) throw new ComposeError(`the model has ${outputs.length} outputs; name the P(class 1) output 'probability'`);
  if (output.type?.tensorType?.elemType !== ElemTypeCode.float) throw new ComposeError(`the model's output '${output.name}' must be tensor(float)`);
  const outDims = dims(output);
  if (!outDims || outDims.length !== 2 || (typeof outDims[1] === 'number' && outDims[1] !== 1)) {
    throw new ComposeError(`the model's output '${output.name}' must have shape [N, 1]`);
  }
  for (const n of g.node ?? []) {
    if ((n.attribute ?? []).some((a) => a.g || (a.graphs ?? []).length > 0)) {
      throw new ComposeError(`node ${n.name || n.opType} has a subgraph; models with If/Loop/Scan cannot be composed`);
    }
  }
  return { inputName: input.name ?? '', outputName: output.name ?? '', d: typeof inDims[1] === 'number' ? inDims[1] : null };
}

/** A ModelPart that appends the foreign model's nodes behind the (double) feature tensor. */
export function foreignModelPart(bytes: Uint8Array, kind: string): ModelPart {
  let model: P.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new ComposeError(`model.onnx is not an ONNX model: ${e instanceof Error ? e.message : String(e)}`);
  }
  const info = inspectForeignModel(model);
  return {
    kind,
    append(b: GraphBuilder, features: string, d: number): string {
      if (info.d !== null && info.d !== d) throw new ComposeError(`the model takes ${info.d} features per row; the feature spec produces ${d}`);
      const g = model.graph!;
      const prefix = `${b.fresh('m')}/`;
      const names = new Map<string, string>();
      names.set(info.inputName, b.op('Cast', [features], { to: attr.int(ElemTypeCode.float) }, { output: `${prefix}${info.inputName}` }));
      for (const op of model.opsetImport ?? []) if (op.domain === 'ai.onnx.ml') b.useOpset('ai.onnx.ml', Number(op.version));
      for (const t of g.initializer ?? []) {
        const name = `${prefix}${t.name ?? ''}`;
        names.set(t.name ?? '', name);
        b.foreignInitializer({ ...t, name });
      }
      const mapped = (n: string, node: string) => {
        if (n === '') return '';
        const m = names.get(n);
        if (!m) throw new ComposeError(`node ${node} reads tensor '${n}', which no earlier node, initializer or input defines`);
        return m;
      };
      for (const n of g.node ?? []) {
        const label = n.name || n.opType || '?';
        const input = (n.input ?? []).map((i) => mapped(i, label));
        const output = (n.output ?? []).map((o) => {
          if (o === '') return '';
          if (names.has(o)) throw new ComposeError(`tensor '${o}' is defined twice`);
          names.set(o, `${prefix}${o}`);
          return `${prefix}${o}`;
        });
        b.foreignNode({ ...n, input, output, domain: n.domain === 'ai.onnx' ? '' : (n.domain ?? '') });
      }
      return mapped(info.outputName, 'graph output');
    },
  };
}
