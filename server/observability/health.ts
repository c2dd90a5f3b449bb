// Reachability of the services a process depends on, for /api/health and readiness checks. The
// answer says which dependency is down and how long the check took, never the error text: driver
// messages name hosts, users and databases, and /api/health is public. The error is logged.
import { pool } from '@/server/db/client';
import { redis } from '@/server/redis';
import { logger } from './logger';

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: Record<string, { ok: boolean; ms: number; timedOut?: boolean }>;
}

export type HealthChecks = Record<string, () => Promise<unknown>>;

const log = logger({ component: 'health' });

async function timed(name: string, fn: () => Promise<unknown>, timeoutMs = 2000): Promise<HealthReport['checks'][string]> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  try {
    await Promise.race([
      fn(),
      new Promise((_, rej) => {
        timer = setTimeout(() => {
          timedOut = true;
          rej(new Error(`timed out after ${timeoutMs} ms`));
        }, timeoutMs);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - start) };
  } catch (e) {
    log.warn({ check: name, err: e }, 'health check failed');
    return { ok: false, ms: Math.round(performance.now() - start), ...(timedOut ? { timedOut } : {}) };
  } finally {
    clearTimeout(timer);
  }
}

const defaultChecks = (): HealthChecks => ({ database: () => pool().query('SELECT 1'), redis: () => redis().ping() });

export async function checkHealth(checks: HealthChecks = defaultChecks()): Promise<HealthReport> {
  const names = Object.keys(checks);
  const results = await Promise.all(names.map((n) => timed(n, checks[n])));
  const report = Object.fromEntries(names.map((n, i) => [n, results[i]]));
  return { status: results.every((c) => c.ok) ? 'ok' : 'degraded', checks: report };
}
