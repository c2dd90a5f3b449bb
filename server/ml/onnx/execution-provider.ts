// Sessions on a GPU when onnxruntime can: on a GPU worker, a session is first created with the
// CUDA execution provider on the job's device; if that fails (onnxruntime-node ships the CUDA
// provider only through a separate download, so on most hosts its library is simply absent) the
// session is created on CPU and the reason is returned for the caller to log (the job log) — never a failed job.
// The model safety checks run either way (createCheckedSession), and a model they refuse is
// refused, not retried on CPU.
import type * as ort from 'onnxruntime-node';
import { UnsafeModelError } from './model-safety';
import { createCheckedSession } from './session';

export type ExecutionProvider = 'cpu' | 'cuda';

export interface PlacedSession {
  session: ort.InferenceSession;
  provider: ExecutionProvider;
  /** Why a GPU was asked for and the session runs on CPU; null otherwise. */
  fallbackReason: string | null;
}

// Loading a missing provider library fails the same way every time (and onnxruntime prints to
// stderr each try), so the first failure is remembered for the life of the process.
let cudaUnavailable: string | null = null;

/** For tests: forget a remembered CUDA failure. */
export function resetCudaProbe(): void {
  cudaUnavailable = null;
}

/**
 * A checked session on `gpu` (a device index as the process sees it) with the CUDA execution
 * provider, or on CPU with the reason. Without `gpu`, a plain CPU session.
 */
export async function createPlacedSession(bytes: Uint8Array, options: ort.InferenceSession.SessionOptions, gpu?: string): Promise<PlacedSession> {
  if (gpu === undefined) return { session: await createCheckedSession(bytes, options), provider: 'cpu', fallbackReason: null };
  if (cudaUnavailable === null) {
    try {
      const session = await createCheckedSession(bytes, { ...options, executionProviders: [{ name: 'cuda', deviceId: Number(gpu) }] });
      return { session, provider: 'cuda', fallbackReason: null };
    } catch (e) {
      if (e instanceof UnsafeModelError) throw e;
      cudaUnavailable = (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 500);
    }
  }
  const session = await createCheckedSession(bytes, options);
  return { session, provider: 'cpu', fallbackReason: `onnxruntime's CUDA execution provider is not available (${cudaUnavailable}); running on CPU` };
}
