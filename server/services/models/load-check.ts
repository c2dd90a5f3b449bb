// Creates an onnxruntime session for an uploaded model in a separate, short-lived process, never
// in the web process: session creation folds constant subgraphs and allocates whatever the graph
// asks for, so a hostile model that passes the static checks can still cost memory and seconds.
// The child runs with an address-space limit (ulimit -v), a timeout, an empty working folder and
// an environment holding no secrets; if it dies, the upload is refused and the web process is
// untouched.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const LOAD_CHECK_LIMITS = { memoryMb: 2048, timeoutMs: 30_000 };

// Plain CommonJS run with `node -e`: the web bundle has no file of its own to run, and this needs
// nothing but onnxruntime-node. Bytes arrive on stdin; the answer is the exit status + stderr.
const CHILD = `
const ort = require('onnxruntime-node');
const parts = [];
process.stdin.on('data', (c) => parts.push(c));
process.stdin.on('end', () => {
  ort.InferenceSession.create(Buffer.concat(parts), { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' }).then(
    (s) => s.release().then(() => process.exit(0)),
    (e) => { process.stderr.write(String((e && e.message) || e)); process.exit(2); },
  );
});`;

export class LoadCheckError extends Error {}

/** Resolves when onnxruntime loads `bytes` within the limits; rejects with LoadCheckError saying why not. */
export async function checkLoadsInChild(bytes: Uint8Array, limits = LOAD_CHECK_LIMITS): Promise<void> {
  const cwd = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'vigil-load-check-'));
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', 'ulimit -v "$1" && exec "$2" -e "$3"', 'sh', String(limits.memoryMb * 1024), process.execPath, CHILD], {
        cwd,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NODE_PATH: path.join(process.cwd(), 'node_modules'), NODE_ENV: 'production' },
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      let stderr = '';
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, limits.timeoutMs);
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (c: string) => {
        if (stderr.length < 4000) stderr += c;
      });
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new LoadCheckError(`could not start the model check: ${e.message}`));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) return resolve();
        if (timedOut) return reject(new LoadCheckError(`loading the model took longer than ${limits.timeoutMs / 1000} s`));
        const message = stderr.trim().split('\n')[0] ?? '';
        // Out of address space shows as a failed allocation (bad_alloc), an abort or a kill.
        if (signal || /bad_alloc|out of memory|Cannot allocate|allocat/i.test(message)) {
          return reject(new LoadCheckError(`loading the model needs more than ${limits.memoryMb} MiB${message ? ` (${message.slice(0, 300)})` : ''}`));
        }
        reject(new LoadCheckError(`onnxruntime cannot load this model: ${message.slice(0, 1000) || `exit ${code}`}`));
      });
      // A child that dies early closes stdin; the close handler reports why.
      child.stdin.on('error', () => {});
      child.stdin.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    });
  } finally {
    await fs.promises.rm(cwd, { recursive: true, force: true });
  }
}
