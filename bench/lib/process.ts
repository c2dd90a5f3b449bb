// Starts a server as a child process, output to a log file, and waits until a readiness URL
// answers 200 (or the process dies, or time runs out).
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import fs from 'node:fs';

export interface ChildService {
  child: ChildProcess;
  logFile: string;
  /** Resolves with the exit code (or the signal) once the process is gone. */
  exited: Promise<string>;
  kill: (signal: NodeJS.Signals) => void;
  /** SIGTERM and wait for the exit (SIGKILL after 30 s). */
  stop: () => Promise<string>;
}

export async function spawnService(opts: {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  logFile: string;
  readyUrl: string;
  timeoutMs?: number;
}): Promise<ChildService> {
  const out = fs.openSync(opts.logFile, 'a');
  const stdio: StdioOptions = ['ignore', out, out];
  const child: ChildProcess = spawn(opts.command, opts.args, { cwd: opts.cwd, env: opts.env as NodeJS.ProcessEnv, stdio });
  fs.closeSync(out);
  let gone = false;
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, sig) => {
      gone = true;
      resolve(sig ?? String(code));
    }),
  );
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gone) throw new Error(`${opts.command} exited during start-up; the end of ${opts.logFile}:\n${fs.readFileSync(opts.logFile, 'utf8').slice(-2000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${opts.command} not ready after ${timeoutMs} ms; see ${opts.logFile}`);
    }
    const ok = await fetch(opts.readyUrl).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    logFile: opts.logFile,
    exited,
    kill: (signal) => {
      if (!gone) child.kill(signal);
    },
    stop: async () => {
      if (!gone) child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const r = await exited;
      clearTimeout(t);
      return r;
    },
  };
}

/** PATH and HOME from our environment, plus `env`: children get nothing else of ours. */
export function baseEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env };
}
