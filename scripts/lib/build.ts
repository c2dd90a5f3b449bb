// Runs `next build` when the sources changed since the last build (a hash of the inputs is
// kept in .vigil/), so a second `npm run up` starts in seconds.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const INPUTS = ['app', 'components', 'lib', 'server', 'types', 'package-lock.json', 'next.config.ts', 'postcss.config.mjs', 'tsconfig.json'];

function hashTree(root: string): string {
  const h = crypto.createHash('sha256');
  const walk = (p: string) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p).sort()) if (e !== 'node_modules' && !e.startsWith('.')) walk(path.join(p, e));
    } else {
      h.update(path.relative(root, p));
      h.update(fs.readFileSync(p));
    }
  };
  for (const i of INPUTS) walk(path.join(root, i));
  return h.digest('hex');
}

export interface BuildOptions {
  force?: boolean;
  /** A stop request: ends the build's process and rejects. */
  signal?: AbortSignal;
  /** Write the build's output to this file instead of the terminal (a build running beside other work). */
  logFile?: string;
  /** Run the build at this nice value (its compiler workers inherit it), so work in the foreground keeps the CPU. */
  nice?: number;
}

export async function buildIfStale(root: string, env: NodeJS.ProcessEnv, log: (s: string) => void, opts: BuildOptions = {}): Promise<void> {
  const marker = path.join(root, '.vigil', 'build-hash');
  const hash = hashTree(root);
  const fresh = fs.existsSync(path.join(root, '.next', 'BUILD_ID')) && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === hash;
  if (fresh && !opts.force) {
    log('production build is up to date');
    return;
  }
  log(`building the web app (next build)…${opts.logFile ? ` (output in ${opts.logFile})` : ''}`);
  const out = opts.logFile ? fs.openSync(opts.logFile, 'w') : null;
  const child = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: root,
    stdio: out === null ? 'inherit' : ['ignore', out, out],
    env: { ...env, NEXT_TELEMETRY_DISABLED: '1', NODE_OPTIONS: '--max-old-space-size=4096' },
    signal: opts.signal,
    killSignal: 'SIGTERM',
  });
  if (out !== null) fs.closeSync(out);
  if (opts.nice !== undefined && child.pid !== undefined) {
    try {
      os.setPriority(child.pid, opts.nice);
    } catch {
      // Not permitted here: the build runs at normal priority, only slower for its neighbours.
    }
  }
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(opts.signal?.aborted ? opts.signal.reason : new Error('next build failed'))));
  });
  fs.mkdirSync(path.dirname(marker), { recursive: true });
  fs.writeFileSync(marker, hash);
}
