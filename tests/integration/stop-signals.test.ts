// SIGINT or SIGTERM to the PID of `npm run up` stops everything it started (issue 9, D2): the
// real npm, the `up` script line of package.json, the bootstrap hand-over (scripts/bootstrap.mjs),
// the Stopper, the Supervisor and bringUpStack's Postgres and Redis, with a stand-in entry point
// (tests/fixtures/up-chain) so that no production build or demo seed is needed.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const started: { dir: string; child: ChildProcess }[] = [];

afterEach(() => {
  for (const { dir, child } of started.splice(0)) {
    // Whatever a failed test left running, npm gone or not: the whole group we started (detached below).
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is empty: everything stopped
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** `npm run up` in a folder whose package.json has the real `up` line, pointed at the stand-in. */
function npmRunUp(env: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-stop-'));
  fs.chmodSync(dir, 0o755);
  const upLine = (JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.up;
  expect(upLine).toContain('scripts/up.mjs');
  const script = upLine.replace('scripts/up.mjs', path.join(repo, 'tests/fixtures/up-chain/fake-up.mjs'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'stop-signals', version: '1.0.0', private: true, scripts: { up: script } }));
  // Its own process group, so that the signal goes to npm's PID alone, as with `kill <pid>`.
  const child = spawn('npm', ['run', 'up'], { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, FAKE_UP_DIR: path.join(dir, 'data') } });
  started.push({ dir, child });
  let out = '';
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) {
      const m = out.match(w.re);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const waitFor = (re: RegExp, ms = 60_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const m = out.match(re);
      if (m) return resolve(m);
      const t = setTimeout(() => reject(new Error(`timed out waiting for ${re}; output so far:\n${out}`)), ms);
      waiters.push({ re, resolve: (x) => (clearTimeout(t), resolve(x)) });
      void exited.then(() => setTimeout(() => reject(new Error(`npm exited before ${re}; output:\n${out}`)), 200));
    });
  return { dir, child, exited, waitFor, output: () => out };
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(t);
  }
}

describe('stopping npm run up by its PID', () => {
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    it(`${sig} to npm's PID stops Postgres, Redis and every supervised process, and frees their ports`, async () => {
      const up = npmRunUp();
      const [, pgPort, redisPort] = (await up.waitFor(/SERVICES pg=(\d+) redis=(\d+)/)).map(Number);
      await up.waitFor(/READY/);
      await up.waitFor(/(?:LISTEN \d+ \d+[\s\S]*?){3}/);
      const listeners = [...up.output().matchAll(/LISTEN (\d+) (\d+)/g)].map((m) => ({ pid: Number(m[1]), port: Number(m[2]) }));
      expect(listeners).toHaveLength(3);
      const postmaster = Number(fs.readFileSync(path.join(up.dir, 'data', 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
      for (const port of [pgPort, redisPort, ...listeners.map((l) => l.port)]) expect(await portOpen(port)).toBe(true);

      process.kill(up.child.pid!, sig);
      const exit = await within(up.exited, 30_000, `stopping after ${sig}`);
      expect(exit, up.output()).toEqual({ code: 0, signal: null });
      expect(up.output()).toContain('[fake-up] stopped');
      for (const port of [pgPort, redisPort, ...listeners.map((l) => l.port)]) expect(await portOpen(port), `port ${port} still open`).toBe(false);
      for (const pid of [postmaster, ...listeners.map((l) => l.pid)]) expect(alive(pid), `pid ${pid} still running`).toBe(false);
      expect(fs.existsSync(path.join(up.dir, 'data', 'pg', 'postmaster.pid'))).toBe(false);
    });
  }

  it('SIGTERM during a slow start-up phase stops what was already started', async () => {
    const up = npmRunUp({ FAKE_UP_PAUSE_MS: '120000' });
    const [, pgPort, redisPort] = (await up.waitFor(/SERVICES pg=(\d+) redis=(\d+)/)).map(Number);
    await up.waitFor(/PHASE slow/);
    process.kill(up.child.pid!, 'SIGTERM');
    const exit = await within(up.exited, 30_000, 'stopping during start-up');
    expect(exit, up.output()).toEqual({ code: 0, signal: null });
    expect(up.output()).not.toContain('READY');
    for (const port of [pgPort, redisPort]) expect(await portOpen(port), `port ${port} still open`).toBe(false);
  });
});
