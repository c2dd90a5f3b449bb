// Runs a trainer program as its own process group with a wall-clock limit and a cancel check.
// Stopping it (cancel or timeout) sends SIGTERM to the whole group, then SIGKILL after the grace
// period, so a program that ignores SIGTERM or left children behind is still gone. The program
// gets a minimal environment: none of the worker's secrets (database URL, NEXTAUTH_SECRET) reach it.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { logger } from '@/server/observability/logger';

const log = logger({ component: 'command-trainers' });

export interface ProgramOptions {
  command: string[];
  cwd: string;
  /** Extra environment variables (e.g. VIGIL_JOB_FILE, CUDA_VISIBLE_DEVICES). */
  env?: Record<string, string>;
  timeoutMs: number;
  killGraceMs: number;
  /** Polled every pollMs while the program runs; true stops it. */
  shouldStop?: () => boolean | Promise<boolean>;
  pollMs?: number;
  /** Each output line, in order per stream (awaited, so a slow consumer back-pressures nothing but itself). */
  onLine: (stream: 'stdout' | 'stderr', line: string) => void | Promise<void>;
}

export interface ProgramResult {
  outcome: 'exited' | 'timed_out' | 'cancelled' | 'spawn_failed';
  code: number | null;
  signal: NodeJS.Signals | null;
  pid: number | undefined;
  /** Set for spawn_failed (e.g. the command does not exist). */
  error?: string;
}

/** Longer output lines are cut here, so one line without a newline cannot exhaust memory. */
export const MAX_LINE_CHARS = 16 * 1024;

const PASSED_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'PYTHONPATH', 'LD_LIBRARY_PATH', 'CUDA_HOME'];

export function runProgram(o: ProgramOptions): Promise<ProgramResult> {
  const childEnv = {} as NodeJS.ProcessEnv;
  for (const k of PASSED_ENV) if (process.env[k] !== undefined) childEnv[k] = process.env[k];
  Object.assign(childEnv, o.env ?? {});
  return new Promise((resolve) => {
    const child: ChildProcessByStdio<null, Readable, Readable> = spawn(o.command[0], o.command.slice(1), { cwd: o.cwd, env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let outcome: ProgramResult['outcome'] = 'exited';
    let spawnError: string | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let lines = Promise.resolve();
    const stop = (why: 'timed_out' | 'cancelled') => {
      if (outcome !== 'exited' || child.pid === undefined) return;
      outcome = why;
      signalGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), o.killGraceMs);
    };
    const timeout = setTimeout(() => stop('timed_out'), o.timeoutMs);
    let polling = false;
    const poll = setInterval(() => {
      if (polling || !o.shouldStop) return;
      polling = true;
      Promise.resolve(o.shouldStop())
        .then((yes) => {
          if (yes) stop('cancelled');
        })
        // A failed check is retried on the next tick; the timeout still bounds the run.
        .catch((e: unknown) => log.warn({ err: e instanceof Error ? e.message : String(e) }, 'cancel check failed'))
        .finally(() => {
          polling = false;
        });
    }, o.pollMs ?? 500);

    const streams: ['stdout' | 'stderr', Readable][] = [
      ['stdout', child.stdout],
      ['stderr', child.stderr],
    ];
    for (const [name, stream] of streams) {
      const rl = createInterface({ input: stream, crlfDelay: Infinity });
      rl.on('line', (line) => {
        const l = line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}… (${line.length - MAX_LINE_CHARS} more characters)` : line;
        lines = lines.then(() => o.onLine(name, l)).catch((e: unknown) => log.warn({ err: e instanceof Error ? e.message : String(e) }, 'trainer output line not recorded'));
      });
    }
    child.on('error', (e) => {
      outcome = 'spawn_failed';
      spawnError = e.message;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timeout);
      clearInterval(poll);
      // Children the program left behind in its group go with it.
      if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
      if (killTimer) clearTimeout(killTimer);
      void lines.then(() => resolve({ outcome, code, signal, pid: child.pid, ...(spawnError ? { error: spawnError } : {}) }));
    });
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (e) {
    // ESRCH: the group is already gone, which is what we wanted.
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}
