// Checks that uploaded bytes are a model Vigil may serve, and describes it: size, the static
// safety checks (no external data, bounded tensor sizes, node count, served opsets — see
// server/ml/onnx/model-safety.ts), then a real onnxruntime load in a child process with a memory
// limit and a timeout (load-check.ts). Nothing here creates a session in the calling process.
import { describeModel, InvalidOnnxError, type ModelDescription } from '@/server/ml/onnx/describe';
import { checkModelSafety, UnsafeModelError } from '@/server/ml/onnx/model-safety';
import { badRequest } from '../errors';
import { checkLoadsInChild, LoadCheckError } from './load-check';

export async function validateOnnx(bytes: Uint8Array, maxBytes: number): Promise<ModelDescription> {
  if (bytes.byteLength === 0) throw badRequest('the file is empty', 'file');
  if (bytes.byteLength > maxBytes) throw badRequest(`the model is ${bytes.byteLength} bytes, over the limit of ${maxBytes} (VIGIL_MAX_MODEL_BYTES)`, 'file');
  let description: ModelDescription;
  try {
    description = describeModel(bytes);
    checkModelSafety(bytes);
  } catch (e) {
    if (e instanceof InvalidOnnxError || e instanceof UnsafeModelError) throw badRequest(`the model is refused: ${e.message}`, 'file');
    throw e;
  }
  try {
    await checkLoadsInChild(bytes);
  } catch (e) {
    if (e instanceof LoadCheckError) throw badRequest(e.message, 'file');
    throw e;
  }
  // The metadata's feature spec is large and lives in the spec table; keep the signature lean.
  const { ['vigil.feature_spec']: _spec, ...metadata } = description.metadata;
  return { ...description, metadata };
}
