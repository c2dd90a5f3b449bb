// The monitoring pass's own health per model: a success clears the failure clock, a failure
// starts it (once) and keeps the last error. The Monitoring page, the metrics and the
// "monitoring stale" rule read it.
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { monitorHealth } from '@/server/db/schema';

export async function markPassSucceeded(db: DbOrTx, modelId: string, at: Date, durationMs: number): Promise<void> {
  await db
    .insert(monitorHealth)
    .values({ modelId, lastSuccessAt: at, lastDurationMs: Math.round(durationMs), failingSince: null })
    .onConflictDoUpdate({ target: monitorHealth.modelId, set: { lastSuccessAt: at, lastDurationMs: Math.round(durationMs), failingSince: null } });
}

export async function markPassFailed(db: DbOrTx, modelId: string, at: Date, error: string): Promise<void> {
  await db
    .insert(monitorHealth)
    .values({ modelId, lastError: error.slice(0, 2000), lastErrorAt: at, failingSince: at })
    .onConflictDoUpdate({
      target: monitorHealth.modelId,
      set: { lastError: error.slice(0, 2000), lastErrorAt: at, failingSince: sql`coalesce(${monitorHealth.failingSince}, excluded.failing_since)` },
    });
}

/** Minutes the pass has been failing for the model at `now` (0 when its last pass succeeded). */
export async function failingMinutes(db: DbOrTx, modelId: string, now: Date): Promise<number> {
  const [h] = await db.select({ since: monitorHealth.failingSince }).from(monitorHealth).where(eq(monitorHealth.modelId, modelId));
  return h?.since ? Math.max(0, (now.getTime() - h.since.getTime()) / 60_000) : 0;
}
