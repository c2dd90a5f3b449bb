// Plain-JS bootstrap shared by `npm run up` and `npm test`: it must run before dependencies
// exist, so it imports nothing from node_modules. Installs them with `npm ci` when missing or
// out of date, then hands over to the TypeScript entry point through tsx.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function depsStale() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(marker)) return true;
  return fs.statSync(path.join(root, 'package-lock.json')).mtimeMs > fs.statSync(marker).mtimeMs;
}

export function ensureDependencies() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`Vigil needs Node.js 20.19 or newer; this is ${process.versions.node}.`);
    process.exit(1);
  }
  if (!depsStale()) return;
  console.log('[vigil] installing dependencies (npm ci)…');
  // onnxruntime-node's optional CUDA download cannot work offline; its CPU binaries ship in the package.
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' } });
  if (r.status !== 0) {
    console.error('[vigil] npm ci failed');
    process.exit(r.status ?? 1);
  }
}

/**
 * Runs a TypeScript entry point under tsx, forwarding signals, and exits with its code.
 * npm forwards SIGINT/SIGTERM only to the process it started, so package.json runs us with
 * `exec` (no shell in between, which would swallow them) and we pass them on to the entry.
 */
export function runTs(entry, args = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, entry), ...args], { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
