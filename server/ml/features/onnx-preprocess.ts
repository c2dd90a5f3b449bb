// The feature spec compiled to ONNX nodes: one graph input per raw input (numeric as
// tensor(double) [N,1] with NaN = missing, categorical as tensor(string) [N,1] with '' = missing)
// and, per feature, the same steps as the batch transform (./pipeline.ts), all in double:
//   impute       Where(IsNaN(x), value, x)
//   clip         Min(Max(x, min), max)
//   log1p        Log(Add(x, 1))
//   standardize  Div(Sub(x, mean), std)
//   bucketize    ReduceSum(Cast(GreaterOrEqual(x, boundaries))) → index; one-hot via Equal
//   one_hot      ai.onnx.ml LabelEncoder (category → position, else -1) then Equal against 0…k-1
//                (opset 17's Equal has no string overload)
// The feature blocks are concatenated in spec order into one tensor(double) [N, d].
import { attr, ElemTypeCode, type GraphBuilder } from '../onnx/graph-builder';
import { featureColumnNames, missingStat } from './pipeline';
import type { FeatureSpec } from './spec';

export interface Preprocessed {
  /** Name of the tensor(double) [N, d] feature tensor. */
  features: string;
  d: number;
  featureNames: string[];
}

/** Names the exporter itself uses for graph outputs; no raw input may take them. */
export const RESERVED_NAMES = ['features', 'probability'];

export function declareInputs(b: GraphBuilder, spec: FeatureSpec): void {
  for (const inp of spec.inputs) {
    if (RESERVED_NAMES.includes(inp.name)) {
      throw new Error(`input column '${inp.name}' clashes with a graph output name; rename the column`);
    }
    b.input(inp.name, inp.type === 'numeric' ? 'double' : 'string', ['N', 1]);
  }
}

/** Appends the preprocessing after declareInputs; returns a feature tensor named `outputName`. */
export function appendPreprocessing(b: GraphBuilder, spec: FeatureSpec, outputName = 'features'): Preprocessed {
  const inputs = new Map(spec.inputs.map((i) => [i.name, i]));
  const toDouble = { to: attr.int(ElemTypeCode.double) };
  const blocks: string[] = [];
  const featureNames: string[] = [];
  for (const f of spec.features) {
    const input = inputs.get(f.input)!;
    const names = featureColumnNames(f, input);
    featureNames.push(...names);
    if (names.length === 0) continue; // e.g. a one-hot over no training category: nothing to emit
    if (input.type === 'categorical') {
      const t = f.transforms[0];
      const cats = (t.op === 'one_hot' && t.categories) || missingStat(`one_hot categories of '${f.input}'`);
      const code = b.op(
        'LabelEncoder',
        [f.input],
        {
          keys_strings: attr.strings(cats),
          values_int64s: attr.ints(cats.map((_, k) => k)),
          default_int64: attr.int(-1),
        },
        { domain: 'ai.onnx.ml' },
      );
      const positions = b.int64s('onehot_pos', cats.map((_, k) => k), [1, cats.length]);
      blocks.push(b.op('Cast', [b.op('Equal', [code, positions])], toDouble));
      continue;
    }
    let x = f.input;
    let emitted = false;
    for (const t of f.transforms) {
      switch (t.op) {
        case 'impute': {
          const c = b.doubles('impute_value', [t.value ?? missingStat('impute value')], []);
          x = b.op('Where', [b.op('IsNaN', [x]), c, x]);
          break;
        }
        case 'clip':
          if (t.min !== undefined) x = b.op('Max', [x, b.doubles('clip_min', [t.min], [])]);
          if (t.max !== undefined) x = b.op('Min', [x, b.doubles('clip_max', [t.max], [])]);
          break;
        case 'log1p':
          x = b.op('Log', [b.op('Add', [x, b.doubles('one', [1], [])])]);
          break;
        case 'standardize':
          x = b.op('Sub', [x, b.doubles('std_mean', [t.mean ?? missingStat('standardize mean')], [])]);
          x = b.op('Div', [x, b.doubles('std_scale', [t.std ?? missingStat('standardize std')], [])]);
          break;
        case 'bucketize': {
          const bounds = t.boundaries ?? missingStat('bucketize boundaries');
          const ge = b.op('GreaterOrEqual', [x, b.doubles('bucket_bounds', bounds, [1, bounds.length])]);
          const idx = b.op('ReduceSum', [b.op('Cast', [ge], toDouble), b.int64s('axis1', [1])], { keepdims: attr.int(1) });
          if (t.encoding === 'ordinal') {
            x = idx;
          } else {
            const ids = b.doubles('bucket_ids', bounds.map((_, k) => k).concat(bounds.length), [1, bounds.length + 1]);
            blocks.push(b.op('Cast', [b.op('Equal', [idx, ids])], toDouble));
            emitted = true;
          }
          break;
        }
        case 'one_hot':
          throw new Error(`one_hot on numeric input '${f.input}'`);
      }
    }
    if (!emitted) blocks.push(x === f.input ? b.op('Identity', [x]) : x);
  }
  if (blocks.length === 0) throw new Error('the feature spec produces no feature columns');
  const features = b.op('Concat', blocks, { axis: attr.int(1) }, { output: outputName });
  return { features, d: featureNames.length, featureNames };
}
