// A model version loaded for serving: one onnxruntime session, its signature, and a
// micro-batcher in front of the session.
import type * as ort from 'onnxruntime-node';
import { createCheckedSession } from '@/server/ml/onnx/session';
import { readSignature, type ModelSignature } from '@/server/ml/onnx/signature';
import { MicroBatcher } from './micro-batcher';

export interface LoadedVersion {
  versionId: string;
  modelId: string;
  modelName: string;
  version: number;
  signature: ModelSignature;
  session: ort.InferenceSession;
  batcher: MicroBatcher;
}

export async function loadVersion(meta: { versionId: string; modelId: string; modelName: string; version: number }, bytes: Uint8Array, maxBatchRows: number): Promise<LoadedVersion> {
  const signature = readSignature(bytes);
  // One intra-op thread: requests are already batched, and spare cores go to other requests.
  const session = await createCheckedSession(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  return { ...meta, signature, session, batcher: new MicroBatcher(session, signature, maxBatchRows) };
}
