// Checks that uploaded bytes are a model onnxruntime-node can load, and describes it.
import * as ort from 'onnxruntime-node';
import { describeModel, InvalidOnnxError, type ModelDescription } from '@/server/ml/onnx/describe';
import { badRequest } from '../errors';

export async function validateOnnx(bytes: Uint8Array, maxBytes: number): Promise<ModelDescription> {
  if (bytes.byteLength === 0) throw badRequest('the file is empty', 'file');
  if (bytes.byteLength > maxBytes) throw badRequest(`the model is ${bytes.byteLength} bytes, over the limit of ${maxBytes} (VIGIL_MAX_MODEL_BYTES)`, 'file');
  let description: ModelDescription;
  try {
    description = describeModel(bytes);
  } catch (e) {
    if (e instanceof InvalidOnnxError) throw badRequest(e.message, 'file');
    throw e;
  }
  try {
    const session = await ort.InferenceSession.create(bytes);
    await session.release();
  } catch (e) {
    throw badRequest(`onnxruntime cannot load this model: ${(e as Error).message}`, 'file');
  }
  // The metadata's feature spec is large and lives in the spec table; keep the signature lean.
  const { ['vigil.feature_spec']: _spec, ...metadata } = description.metadata;
  return { ...description, metadata };
}
