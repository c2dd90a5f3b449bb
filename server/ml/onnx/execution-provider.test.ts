import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterEach, describe, expect, it } from 'vitest';
import { constantOfShapeBomb, tinyModel } from '../../../tests/helpers/hostile-onnx';
import { createPlacedSession, resetCudaProbe } from './execution-provider';
import { UnsafeModelError } from './model-safety';

// onnxruntime-node's CUDA provider is a separate download beside its binding; where it is absent
// (this repository's CI, any CPU host) the GPU request must fall back to CPU with the reason.
const bindingDir = path.dirname(createRequire(import.meta.url).resolve('onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node'));
const cudaInstalled = existsSync(path.join(bindingDir, 'libonnxruntime_providers_cuda.so'));

async function scores(session: ort.InferenceSession): Promise<number[]> {
  const out = await session.run({ x: new ort.Tensor('float64', Float64Array.from([0.25, 0.75]), [2, 1]) });
  return Array.from(out.probability.data as Float64Array);
}

afterEach(() => resetCudaProbe());

describe('createPlacedSession', () => {
  it('without a GPU: a CPU session and no reason', async () => {
    const p = await createPlacedSession(tinyModel(), {});
    expect(p.provider).toBe('cpu');
    expect(p.fallbackReason).toBeNull();
    expect(await scores(p.session)).toEqual([0.25, 0.75]);
    await p.session.release();
  });

  it('on a GPU worker: CUDA when onnxruntime has it, otherwise a working CPU session with the reason', async () => {
    const p = await createPlacedSession(tinyModel(), { intraOpNumThreads: 1 }, '0');
    if (cudaInstalled) {
      // The provider library is there; whether a device is too decides which way it goes, and either way is stated.
      expect(p.provider === 'cuda' ? p.fallbackReason === null : /CUDA execution provider is not available/.test(p.fallbackReason ?? '')).toBe(true);
    } else {
      expect(p.provider).toBe('cpu');
      expect(p.fallbackReason).toMatch(/^onnxruntime's CUDA execution provider is not available \(.*(Cuda|CUDA|cuda).*\); running on CPU$/);
    }
    expect(await scores(p.session)).toEqual([0.25, 0.75]);
    await p.session.release();
    // The second session does not try again, and says the same.
    const q = await createPlacedSession(tinyModel(), {}, '1');
    expect(q.provider).toBe(p.provider);
    expect(q.fallbackReason).toBe(p.fallbackReason);
    await q.session.release();
  });

  it('a model the safety checks refuse is refused on the GPU path too, not retried on CPU', async () => {
    await expect(createPlacedSession(constantOfShapeBomb(), {}, '0')).rejects.toThrow(UnsafeModelError);
    await expect(createPlacedSession(constantOfShapeBomb(), {})).rejects.toThrow(UnsafeModelError);
  });
});
