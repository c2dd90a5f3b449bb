import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectGpus } from './detect-gpus';
import { CapabilityError, parseCapabilities, parseGpuList, parseNvidiaSmi, resolveCapabilities } from './worker-capabilities';

// Real nvidia-smi outputs of the query in NVIDIA_SMI_ARGS (csv, noheader, nounits).
const TWO_GPUS = '0, NVIDIA H100 80GB HBM3, 81559, 550.54.15\n1, NVIDIA H100 80GB HBM3, 81559, 550.54.15\n';
const ONE_GPU_CRLF = '0, NVIDIA GeForce RTX 3090, 24576, 535.104.05\r\n';

describe('parseNvidiaSmi', () => {
  it('reads index, name, memory (MiB) and driver of each GPU', () => {
    expect(parseNvidiaSmi(TWO_GPUS)).toEqual({
      gpus: [
        { index: '0', name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559, driver: '550.54.15' },
        { index: '1', name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559, driver: '550.54.15' },
      ],
      skipped: [],
    });
    expect(parseNvidiaSmi(ONE_GPU_CRLF).gpus).toEqual([{ index: '0', name: 'NVIDIA GeForce RTX 3090', memoryMiB: 24576, driver: '535.104.05' }]);
  });
  it('no GPU: empty output gives no GPU and nothing skipped', () => {
    expect(parseNvidiaSmi('')).toEqual({ gpus: [], skipped: [] });
    expect(parseNvidiaSmi('\n\n')).toEqual({ gpus: [], skipped: [] });
  });
  it('keeps a name that holds a comma whole', () => {
    expect(parseNvidiaSmi('3, Tesla V100, PCIe, 16160, 470.1\n').gpus).toEqual([{ index: '3', name: 'Tesla V100, PCIe', memoryMiB: 16160, driver: '470.1' }]);
  });
  it('memory or driver nvidia-smi cannot report ([N/A], [Not Supported]) becomes null', () => {
    expect(parseNvidiaSmi('0, Jetson, [N/A], [Not Supported]\n').gpus).toEqual([{ index: '0', name: 'Jetson', memoryMiB: null, driver: null }]);
  });
  it('malformed lines are skipped with the reason; good lines beside them still count', () => {
    const r = parseNvidiaSmi('NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.\nx, A100, 40960, 1\n0, A100, 40960, 525.1\n0, , 1, 2\n');
    expect(r.gpus).toEqual([{ index: '0', name: 'A100', memoryMiB: 40960, driver: '525.1' }]);
    expect(r.skipped).toHaveLength(3);
    expect(r.skipped[0]).toMatch(/expected 4 comma-separated fields/);
    expect(r.skipped[1]).toMatch(/index 'x' is not a number/);
    expect(r.skipped[2]).toMatch(/no GPU name/);
  });
  it('an oversized line is cut in the skipped reason and a long name is cut to 200 characters', () => {
    const r = parseNvidiaSmi(`${'y'.repeat(100_000)}\n0, ${'n'.repeat(5000)}, 1, 2\n`);
    expect(r.skipped[0].length).toBeLessThan(300);
    expect(r.gpus[0].name).toHaveLength(200);
  });
});

describe('parseCapabilities and parseGpuList', () => {
  it('unset or empty means detect', () => {
    expect(parseCapabilities(undefined)).toBeNull();
    expect(parseCapabilities('  ')).toBeNull();
    expect(parseGpuList(undefined)).toBeNull();
  });
  it('reads cpu, gpu in any order and case, without duplicates', () => {
    expect(parseCapabilities('gpu, CPU,gpu')).toEqual(['cpu', 'gpu']);
    expect(parseCapabilities('gpu')).toEqual(['gpu']);
    expect(parseGpuList('0, 2')).toEqual(['0', '2']);
  });
  it('refuses unknown capabilities and bad device lists, naming the variable', () => {
    expect(() => parseCapabilities('cpu,tpu')).toThrow(CapabilityError);
    expect(() => parseCapabilities('cpu,tpu')).toThrow(/VIGIL_WORKER_CAPABILITIES: unknown capability 'tpu'/);
    expect(() => parseCapabilities(',')).toThrow(/name at least one/);
    expect(() => parseGpuList('0,a')).toThrow(/VIGIL_WORKER_GPUS: 'a' is not a device index/);
    expect(() => parseGpuList('0,0')).toThrow(/listed twice/);
    expect(() => parseGpuList('-1')).toThrow(/VIGIL_WORKER_GPUS/);
  });
});

describe('resolveCapabilities', () => {
  const h100 = parseNvidiaSmi(TWO_GPUS).gpus;
  it('detects: GPUs found means cpu and gpu over every GPU; none means cpu only', () => {
    expect(resolveCapabilities({ configured: null, gpuList: null, detected: h100, detectError: null })).toMatchObject({ capabilities: ['cpu', 'gpu'], gpus: h100, notes: [] });
    expect(resolveCapabilities({ configured: null, gpuList: null, detected: [], detectError: 'nvidia-smi not found' })).toEqual({ capabilities: ['cpu'], gpus: [], notes: [] });
  });
  it('VIGIL_WORKER_CAPABILITIES=cpu keeps a GPU host off the GPU queues, saying so', () => {
    const r = resolveCapabilities({ configured: ['cpu'], gpuList: null, detected: h100, detectError: null });
    expect(r.capabilities).toEqual(['cpu']);
    expect(r.gpus).toEqual([]);
    expect(r.notes[0]).toMatch(/2 GPU\(s\) detected but VIGIL_WORKER_CAPABILITIES leaves out gpu/);
  });
  it('VIGIL_WORKER_GPUS limits the GPUs used', () => {
    expect(resolveCapabilities({ configured: null, gpuList: ['1'], detected: h100, detectError: null }).gpus).toEqual([h100[1]]);
  });
  it('a faked GPU worker (gpu configured, none detected) uses the listed devices, or device 0, and says why', () => {
    const one = resolveCapabilities({ configured: ['cpu', 'gpu'], gpuList: null, detected: [], detectError: 'nvidia-smi not found' });
    expect(one.capabilities).toEqual(['cpu', 'gpu']);
    expect(one.gpus.map((g) => g.index)).toEqual(['0']);
    expect(one.notes[0]).toMatch(/no GPU was detected \(nvidia-smi not found\)/);
    const two = resolveCapabilities({ configured: ['gpu'], gpuList: ['0', '1'], detected: [], detectError: 'nvidia-smi not found' });
    expect(two.capabilities).toEqual(['gpu']);
    expect(two.gpus.map((g) => [g.index, g.name])).toEqual([
      ['0', 'unknown (not detected)'],
      ['1', 'unknown (not detected)'],
    ]);
  });
});

describe('detectGpus', () => {
  it('a missing nvidia-smi is a CPU host with the reason, not an error', async () => {
    expect(await detectGpus('/nonexistent/nvidia-smi')).toEqual({ gpus: [], error: '/nonexistent/nvidia-smi not found', skipped: [] });
  });
  it('reads the output of a program that answers like nvidia-smi; a failing one gives its reason', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-smi-'));
    const ok = path.join(dir, 'ok-smi');
    writeFileSync(ok, `#!/bin/sh\nprintf '${TWO_GPUS.replace(/\n/g, '\\n')}'\n`);
    const bad = path.join(dir, 'bad-smi');
    writeFileSync(bad, '#!/bin/sh\necho "NVIDIA-SMI has failed" >&2\nexit 9\n');
    chmodSync(ok, 0o755);
    chmodSync(bad, 0o755);
    expect((await detectGpus(ok)).gpus.map((g) => g.index)).toEqual(['0', '1']);
    const r = await detectGpus(bad);
    expect(r.gpus).toEqual([]);
    expect(r.error).toMatch(/bad-smi failed/);
  });
});
