// The one way to create an onnxruntime session in Vigil: the static safety checks run first
// (./model-safety.ts: no external data, bounded sizes, served opsets), whoever the caller is —
// serving, batch scoring, evaluation, parity, the CLI. The artifact store may hold a model stored
// before these checks existed; it is refused here rather than loaded.
import * as ort from 'onnxruntime-node';
import { checkModelSafety } from './model-safety';

export async function createCheckedSession(bytes: Uint8Array, options: ort.InferenceSession.SessionOptions = {}): Promise<ort.InferenceSession> {
  checkModelSafety(bytes);
  return ort.InferenceSession.create(bytes, options);
}
