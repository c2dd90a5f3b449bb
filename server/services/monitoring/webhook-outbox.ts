// The webhook delivery outbox. A delivery row is written in the transaction of the alert
// transition; after commit it is handed to the `webhook` queue. One job = one attempt: the job
// first claims the row (a lease: only a due, pending row is claimed, and claiming pushes its
// next attempt past the request timeout), so duplicate jobs never send twice. A failed attempt
// schedules the next one with exponential backoff; after the last one the row is a dead letter
// ("Redeliver" in Settings makes it pending again). The worker's sweeper hands over every
// pending row that is overdue — a crash or a Redis failure between commit and hand-over, a lost
// retry — so no delivery stays pending forever.
import { and, eq, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { webhookDeliveries, webhooks } from '@/server/db/schema';
import { appMetrics } from '@/server/observability/app-metrics';
import { logger } from '@/server/observability/logger';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { conflict, notFound } from '../errors';
import { inTransaction } from '../transaction';
import { dispatchDeliveries, sendWebhook } from './webhooks';

const log = logger({ component: 'webhook-outbox' });

export const WEBHOOK_MAX_ATTEMPTS = 6;
const BACKOFF_MS = 5000;
/** A claimed attempt's lease: longer than the request timeout (10 s). */
const LEASE_MS = 60_000;

export interface AttemptOptions {
  maxAttempts?: number;
  backoffMs?: number;
}

/**
 * One attempt at a delivery. Returns what happened: `skipped` when the row is not due or not
 * pending (another job has it, or it was delivered).
 */
export async function attemptDelivery(db: DbOrTx, deliveryId: number, opts: AttemptOptions = {}): Promise<'delivered' | 'retry' | 'dead' | 'skipped'> {
  const maxAttempts = opts.maxAttempts ?? WEBHOOK_MAX_ATTEMPTS;
  const backoffMs = opts.backoffMs ?? BACKOFF_MS;
  const [claimed] = await db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: sql`now() + make_interval(secs => ${LEASE_MS / 1000})` })
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, sql`now()`)))
    .returning();
  if (!claimed) return 'skipped';
  const [w] = await db.select().from(webhooks).where(eq(webhooks.id, claimed.webhookId));
  const body = JSON.stringify({ event: claimed.event, delivery: deliveryId, ...(claimed.payload as object) });
  const r = w ? await sendWebhook(db, w, deliveryId, claimed.event, body) : { status: null, error: 'webhook deleted' };
  const attempts = claimed.attempts + 1;
  const outcome = !r.error ? 'delivered' : attempts >= maxAttempts || r.refused ? 'dead' : 'retry';
  const delay = backoffMs * 2 ** (attempts - 1);
  await db
    .update(webhookDeliveries)
    .set({
      attempts,
      responseStatus: r.status,
      lastError: r.error,
      ...(outcome === 'delivered' ? { status: 'delivered' as const, deliveredAt: sql`now()` } : outcome === 'dead' ? { status: 'dead' as const } : { nextAttemptAt: sql`now() + make_interval(secs => ${delay / 1000})` }),
    })
    .where(eq(webhookDeliveries.id, deliveryId));
  appMetrics().webhookAttempts.inc({ outcome: outcome === 'retry' ? 'failed' : outcome });
  if (outcome !== 'delivered') log.warn({ delivery: deliveryId, webhook: claimed.webhookId, attempts, error: r.error, outcome }, 'webhook delivery attempt failed');
  if (outcome === 'retry') await dispatchDeliveries([deliveryId], delay);
  return outcome;
}

/** Hands over pending deliveries overdue by `graceSeconds`; returns how many. Also publishes the backlog gauge. */
export async function sweepDeliveries(db: DbOrTx, graceSeconds = 15): Promise<number> {
  const due = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, sql`now() - make_interval(secs => ${graceSeconds})`)))
    .orderBy(webhookDeliveries.nextAttemptAt)
    .limit(200);
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(webhookDeliveries).where(eq(webhookDeliveries.status, 'pending'));
  appMetrics().outboxBacklog.set({ outbox: 'webhooks' }, n);
  await dispatchDeliveries(due.map((d) => d.id));
  return due.length;
}

/** Makes a dead letter pending again (audited) and hands it over. */
export async function redeliver(ctx: ServiceContext, input: { deliveryId: number }) {
  const actor = requirePermission(ctx, 'policy.manage');
  const row = await inTransaction(ctx, async (tx) => {
    const [d] = await tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, input.deliveryId)).for('update');
    if (!d) throw notFound('webhook delivery');
    if (d.status !== 'dead') throw conflict(`delivery ${d.id} is ${d.status}: only a dead letter can be redelivered`, 'deliveryId');
    const [after] = await tx.update(webhookDeliveries).set({ status: 'pending', attempts: 0, lastError: null, nextAttemptAt: sql`now()` }).where(eq(webhookDeliveries.id, d.id)).returning();
    await writeAudit(tx, actor, { action: 'webhook.redeliver', targetType: 'webhook_delivery', targetId: String(d.id), before: { status: d.status, attempts: d.attempts, lastError: d.lastError }, after: { status: 'pending' } });
    return after;
  });
  await dispatchDeliveries([row.id]);
  return { id: row.id, status: row.status };
}
