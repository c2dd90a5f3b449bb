// Asks nvidia-smi which GPUs this host has. A host without nvidia-smi (or whose driver fails) is a
// CPU host: the reason is returned for the worker's start-up log, never thrown.
import { execFile } from 'node:child_process';
import { NVIDIA_SMI_ARGS, parseNvidiaSmi, type GpuInfo } from './worker-capabilities';

export async function detectGpus(command = 'nvidia-smi', timeoutMs = 5000): Promise<{ gpus: GpuInfo[]; error: string | null; skipped: string[] }> {
  return new Promise((resolve) => {
    execFile(command, NVIDIA_SMI_ARGS, { timeout: timeoutMs, maxBuffer: 256 * 1024, windowsHide: true }, (err, stdout) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? `${command} not found` : err.killed ? `${command} timed out after ${timeoutMs} ms` : `${command} failed: ${err.message.split('\n')[0].slice(0, 300)}`;
        resolve({ gpus: [], error: why, skipped: [] });
        return;
      }
      const { gpus, skipped } = parseNvidiaSmi(stdout);
      resolve({ gpus, error: gpus.length ? null : `${command} listed no GPU`, skipped });
    });
  });
}
