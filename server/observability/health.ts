// Reachability of the services a process depends on, for /api/health and readiness checks.
import { pool } from '@/server/db/client';
import { redis } from '@/server/redis';

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: Record<string, { ok: boolean; ms: number; error?: string }>;
}

async function timed(fn: () => Promise<unknown>, timeoutMs = 2000): Promise<{ ok: boolean; ms: number; error?: string }> {
  const start = performance.now();
  try {
    await Promise.race([fn(), new Promise((_, rej) => setTimeout(() => rej(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs))]);
    return { ok: true, ms: Math.round(performance.now() - start) };
  } catch (e) {
    return { ok: false, ms: Math.round(performance.now() - start), error: e instanceof Error ? e.message : String(e) };
  }
}

export async function checkHealth(): Promise<HealthReport> {
  const [database, redisCheck] = await Promise.all([timed(() => pool().query('SELECT 1')), timed(() => redis().ping())]);
  const checks = { database, redis: redisCheck };
  return { status: Object.values(checks).every((c) => c.ok) ? 'ok' : 'degraded', checks };
}
