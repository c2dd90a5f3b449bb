// What a worker process can do, decided once at start: `cpu` (every ordinary queue) and `gpu`
// (the GPU queues, one job per GPU at a time). Pure: the nvidia-smi output and the
// VIGIL_WORKER_CAPABILITIES / VIGIL_WORKER_GPUS values come in as strings, so every case (no
// GPU, nvidia-smi missing, malformed output, a faked GPU worker) is unit-tested without a GPU.

export const CAPABILITIES = ['cpu', 'gpu'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export interface GpuInfo {
  /** The device index nvidia-smi reports (what CUDA_VISIBLE_DEVICES takes). */
  index: string;
  name: string;
  memoryMiB: number | null;
  driver: string | null;
}

/** The query the worker runs; parseNvidiaSmi reads its output. */
export const NVIDIA_SMI_ARGS = ['--query-gpu=index,name,memory.total,driver_version', '--format=csv,noheader,nounits'];

export class CapabilityError extends Error {}

/**
 * Parses `nvidia-smi --query-gpu=index,name,memory.total,driver_version --format=csv,noheader,nounits`.
 * Lines that do not have that shape are returned in `skipped` with the reason (the worker logs
 * them) rather than failing the worker: a half-readable report still names the GPUs it can.
 */
export function parseNvidiaSmi(stdout: string): { gpus: GpuInfo[]; skipped: string[] } {
  const gpus: GpuInfo[] = [];
  const skipped: string[] = [];
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    // The name may hold commas in principle; index is first, memory and driver are the last two.
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length < 4) {
      skipped.push(`${line.slice(0, 200)} (expected 4 comma-separated fields)`);
      continue;
    }
    const index = cells[0];
    const driver = cells[cells.length - 1];
    const memory = cells[cells.length - 2];
    const name = cells.slice(1, -2).join(', ');
    if (!/^\d{1,3}$/.test(index)) {
      skipped.push(`${line.slice(0, 200)} (index '${index.slice(0, 20)}' is not a number)`);
      continue;
    }
    if (!name) {
      skipped.push(`${line.slice(0, 200)} (no GPU name)`);
      continue;
    }
    const mem = /^\d+(\.\d+)?$/.test(memory) ? Math.round(Number(memory)) : null;
    gpus.push({ index, name: name.slice(0, 200), memoryMiB: mem, driver: driver && !/^\[.*\]$/.test(driver) ? driver.slice(0, 50) : null });
  }
  return { gpus, skipped };
}

/** VIGIL_WORKER_CAPABILITIES: comma-separated, from `cpu` and `gpu`; empty means "detect". */
export function parseCapabilities(value: string | undefined): Capability[] | null {
  if (value === undefined || value.trim() === '') return null;
  const out = new Set<Capability>();
  for (const part of value.split(',').map((p) => p.trim().toLowerCase())) {
    if (!part) continue;
    if (!(CAPABILITIES as readonly string[]).includes(part)) throw new CapabilityError(`VIGIL_WORKER_CAPABILITIES: unknown capability '${part.slice(0, 50)}' (use cpu, gpu or cpu,gpu)`);
    out.add(part as Capability);
  }
  if (out.size === 0) throw new CapabilityError('VIGIL_WORKER_CAPABILITIES: name at least one of cpu, gpu');
  return CAPABILITIES.filter((c) => out.has(c));
}

/** VIGIL_WORKER_GPUS: comma-separated device indices this worker may use (e.g. `0,1`); empty means every detected GPU. */
export function parseGpuList(value: string | undefined): string[] | null {
  if (value === undefined || value.trim() === '') return null;
  const parts = value.split(',').map((p) => p.trim()).filter(Boolean);
  for (const p of parts) if (!/^\d{1,3}$/.test(p)) throw new CapabilityError(`VIGIL_WORKER_GPUS: '${p.slice(0, 50)}' is not a device index (use e.g. 0,1)`);
  if (parts.length === 0) throw new CapabilityError('VIGIL_WORKER_GPUS: name at least one device index');
  if (new Set(parts).size !== parts.length) throw new CapabilityError('VIGIL_WORKER_GPUS: a device index is listed twice');
  return parts;
}

export interface ResolvedCapabilities {
  capabilities: Capability[];
  /** The GPUs GPU jobs are spread over, one job each; empty without the `gpu` capability. */
  gpus: GpuInfo[];
  /** Why the result differs from what was detected or asked for (logged at start). */
  notes: string[];
}

/**
 * Combines what was detected with what was configured. Without configuration: cpu, plus gpu when
 * nvidia-smi named at least one GPU. VIGIL_WORKER_CAPABILITIES overrides that (`cpu` alone keeps a
 * GPU host off the GPU queues; `cpu,gpu` on a host without nvidia-smi fakes a GPU worker, which is
 * how the tests run GPU routing on a CPU machine: its GPUs are the VIGIL_WORKER_GPUS indices, or
 * device 0, with no name or memory). VIGIL_WORKER_GPUS limits the detected GPUs to those indices.
 */
export function resolveCapabilities(input: { configured: Capability[] | null; gpuList: string[] | null; detected: GpuInfo[]; detectError: string | null }): ResolvedCapabilities {
  const notes: string[] = [];
  let gpus = input.detected;
  if (input.gpuList) {
    const missing = input.gpuList.filter((i) => !gpus.some((g) => g.index === i));
    if (gpus.length > 0 && missing.length) notes.push(`VIGIL_WORKER_GPUS names device(s) ${missing.join(', ')} that nvidia-smi did not report; they are used as given`);
    gpus = input.gpuList.map((i) => gpus.find((g) => g.index === i) ?? { index: i, name: 'unknown (not detected)', memoryMiB: null, driver: null });
  }
  const wantGpu = input.configured ? input.configured.includes('gpu') : input.detected.length > 0;
  if (!wantGpu) {
    if (input.detected.length > 0) notes.push(`${input.detected.length} GPU(s) detected but VIGIL_WORKER_CAPABILITIES leaves out gpu: this worker takes no GPU jobs`);
    return { capabilities: input.configured ?? ['cpu'], gpus: [], notes };
  }
  if (gpus.length === 0) {
    notes.push(`VIGIL_WORKER_CAPABILITIES includes gpu but no GPU was detected (${input.detectError ?? 'nvidia-smi listed none'}); using device 0 as given`);
    gpus = [{ index: '0', name: 'unknown (not detected)', memoryMiB: null, driver: null }];
  }
  return { capabilities: input.configured ?? ['cpu', 'gpu'], gpus, notes };
}
