// Structured logs (pino, JSON lines on stdout) for web, serve, worker and scripts.
// One root logger per process; callers take a child with the fields they know
// (request id, job id, model, version) so every line can be filtered by them.
// LOG_LEVEL (server/env.ts) sets the level; read directly here so that logging works even while
// the rest of the configuration is being validated (a config error must itself be logged).
import pino, { type Logger } from 'pino';

export type { Logger };

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

const g = globalThis as unknown as { __vigilLogger?: Logger };

function levelFromEnv(): string {
  const v = (process.env.LOG_LEVEL ?? '').toLowerCase();
  if (LEVELS.has(v)) return v;
  return process.env.NODE_ENV === 'test' ? 'warn' : 'info';
}

/**
 * The process's name on every line: the entry point's file name (workers/worker.ts → worker),
 * since modules create their child loggers on import, before the entry point's body runs.
 */
function processFromArgv(): string {
  const entry = process.argv.slice(1).find((a) => /workers\/(worker|serve)\.ts$|next$|next-server|vitest/.test(a)) ?? '';
  const m = /workers\/(worker|serve)\.ts$/.exec(entry);
  return m ? m[1] : /next/.test(entry) ? 'web' : 'vigil';
}

/** The process's root logger; `processName` is set by the first caller (web, serve, worker), else taken from the entry point. */
export function rootLogger(processName?: string): Logger {
  if (!g.__vigilLogger) {
    g.__vigilLogger = pino({
      level: levelFromEnv(),
      base: { process: processName ?? processFromArgv(), pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Secrets never reach a log line, whatever a caller passes.
      redact: {
        paths: ['password', '*.password', 'token', '*.token', 'secret', '*.secret', 'authorization', '*.authorization', 'headers.authorization', 'headers.cookie'],
        censor: '[redacted]',
      },
    });
  }
  return g.__vigilLogger;
}

/** A child logger carrying the given fields on every line (e.g. `{ component: 'shipper' }`). */
export function logger(fields: Record<string, unknown>): Logger {
  return rootLogger().child(fields);
}
