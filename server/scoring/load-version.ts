// A model version loaded for scoring — by serving, batch scoring, evaluations, reference profiles
// and importance: one onnxruntime session, its signature (inputs admissible, task outputs), and a
// micro-batcher in front of the session.
import type * as ort from 'onnxruntime-node';
import { createPlacedSession, type ExecutionProvider } from '@/server/ml/onnx/execution-provider';
import { readSignature, type ModelSignature } from '@/server/ml/onnx/signature';
import { MicroBatcher } from '@/server/serving/micro-batcher';

export interface LoadedVersion {
  versionId: string;
  modelId: string;
  modelName: string;
  version: number;
  signature: ModelSignature;
  /** The OIP datatype of the output the graph gives (FP32 for a float output, FP64 for double). */
  scoreDatatype: 'FP32' | 'FP64';
  session: ort.InferenceSession;
  batcher: MicroBatcher;
  /** Where the session runs; cpu unless a GPU was asked for and onnxruntime's CUDA provider loaded. */
  executionProvider?: ExecutionProvider;
  /** Why a GPU was asked for and the session runs on CPU. */
  providerFallback?: string | null;
}

export async function loadVersion(meta: { versionId: string; modelId: string; modelName: string; version: number }, bytes: Uint8Array, maxBatchRows: number, gpu?: string): Promise<LoadedVersion> {
  const signature = readSignature(bytes);
  // One intra-op thread: requests are already batched, and spare cores go to other requests.
  // `gpu` (batch scoring on a GPU worker): the CUDA execution provider on that device, or CPU with the reason.
  const { session, provider, fallbackReason } = await createPlacedSession(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' }, gpu);
  const out = session.outputMetadata.find((o) => o.name === signature.output.name);
  if (!out) {
    await session.release();
    throw new Error(`the graph has no output '${signature.output.name}' once loaded`);
  }
  const scoreDatatype = out.isTensor && out.type === 'float64' ? 'FP64' : 'FP32';
  return { ...meta, signature, scoreDatatype, session, batcher: new MicroBatcher(session, signature, maxBatchRows), executionProvider: provider, providerFallback: fallbackReason };
}

/**
 * Registration's check, by the same code serving runs: loads the bytes as serving would and
 * releases the session. Throws (with serving's own reason) when serving could not serve them.
 */
export async function assertServable(bytes: Uint8Array): Promise<ModelSignature> {
  const lv = await loadVersion({ versionId: 'registration-check', modelId: 'registration-check', modelName: 'registration-check', version: 0 }, bytes, 1);
  await lv.session.release();
  return lv.signature;
}
