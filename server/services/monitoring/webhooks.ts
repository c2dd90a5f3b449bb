// Alert webhooks: JSON POSTs signed with HMAC-SHA256 (`X-Vigil-Signature: sha256=<hex>` over
// the exact body). Deliveries go through an outbox (webhook-outbox.ts): queued in the
// transaction of the alert transition, attempted by the `webhook` queue, swept, dead-lettered.
import crypto from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/server/db/client';
import { webhookDeliveries, webhooks } from '@/server/db/schema';
import { appMetrics } from '@/server/observability/app-metrics';
import { logger } from '@/server/observability/logger';
import { QUEUES } from '@/server/queue/contract';
import { addJob } from '@/server/queue/enqueue';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { notFound } from '../errors';
import { safePost, TargetRefusedError } from '@/server/net/safe-http';
import { assertWebhookTarget, privateTargetsAllowed, redactUrl } from './webhook-targets';
import { inTransaction } from '../transaction';

export const createWebhookInput = z.object({
  name: z.string().trim().min(1).max(100),
  url: z.string().max(2000, 'must be at most 2000 characters').url().refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL'),
});

export function sign(secret: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
}

export async function createWebhook(ctx: ServiceContext, input: z.input<typeof createWebhookInput>) {
  const actor = requirePermission(ctx, 'policy.manage');
  const data = createWebhookInput.parse(input);
  await assertWebhookTarget(ctx.db, data.url);
  const secret = crypto.randomBytes(24).toString('base64url');
  return inTransaction(ctx, async (tx) => {
    const [w] = await tx.insert(webhooks).values({ ...data, secret, createdBy: actor.kind === 'user' ? actor.id : null }).returning();
    await writeAudit(tx, actor, { action: 'webhook.create', targetType: 'webhook', targetId: w.id, after: { name: w.name, url: redactUrl(w.url) } });
    return { id: w.id, name: w.name, url: redactUrl(w.url), secret };
  });
}

export const listWebhooksInput = z.object({ webhookId: z.string().uuid().optional(), status: z.enum(['pending', 'delivered', 'dead']).optional() }).default({});

/** The webhooks and their delivery log (newest first; one webhook's, or one status's, when asked). */
export async function listWebhooks(ctx: ServiceContext, input: z.input<typeof listWebhooksInput> = {}) {
  requirePermission(ctx, 'policy.manage');
  const q = listWebhooksInput.parse(input);
  const rows = await ctx.db.select({ id: webhooks.id, name: webhooks.name, url: webhooks.url, enabled: webhooks.enabled, createdAt: webhooks.createdAt }).from(webhooks).orderBy(webhooks.createdAt);
  const recent = await ctx.db
    .select()
    .from(webhookDeliveries)
    .where(and(q.webhookId ? eq(webhookDeliveries.webhookId, q.webhookId) : undefined, q.status ? eq(webhookDeliveries.status, q.status) : undefined))
    .orderBy(desc(webhookDeliveries.id))
    .limit(100);
  return { webhooks: rows.map((r) => ({ ...r, url: redactUrl(r.url) })), deliveries: recent };
}

export async function deleteWebhook(ctx: ServiceContext, input: { id: string }) {
  const actor = requirePermission(ctx, 'policy.manage');
  return inTransaction(ctx, async (tx) => {
    const [w] = await tx.select().from(webhooks).where(eq(webhooks.id, input.id));
    if (!w) throw notFound('webhook');
    await tx.update(webhooks).set({ enabled: false }).where(eq(webhooks.id, w.id));
    await writeAudit(tx, actor, { action: 'webhook.disable', targetType: 'webhook', targetId: w.id, before: { enabled: w.enabled }, after: { enabled: false } });
    return { id: w.id };
  });
}

/** Records one delivery per enabled webhook (in the caller's transaction); returns their ids to dispatch after commit. */
export async function queueWebhookEvent(tx: DbOrTx, event: string, payload: unknown): Promise<number[]> {
  const hooks = await tx.select().from(webhooks).where(eq(webhooks.enabled, true));
  if (!hooks.length) return [];
  const rows = await tx.insert(webhookDeliveries).values(hooks.map((h) => ({ webhookId: h.id, event, payload }))).returning({ id: webhookDeliveries.id });
  return rows.map((r) => r.id);
}

/** Hands deliveries to the queue now; a Redis failure is logged and left to the sweeper. */
export async function dispatchDeliveries(ids: number[], delayMs = 0): Promise<void> {
  if (!ids.length) return;
  try {
    for (const id of ids) await addJob(QUEUES.webhook.name, 'deliver', { v: 1, deliveryId: id }, { attempts: 1, delay: delayMs, removeOnComplete: 1000, removeOnFail: 1000 });
  } catch (e) {
    appMetrics().swallowed.inc({ component: 'webhook-outbox' });
    logger({ component: 'webhook-outbox' }).warn({ err: e, deliveries: ids }, 'could not hand deliveries to the queue; the outbox sweeper will');
  }
}

export interface SendResult {
  status: number | null;
  error: string | null;
  /** The target is refused (private address, not allowed): never contacted, and a retry will not change that. */
  refused?: boolean;
}

/** One signed POST of a delivery's body; never throws (the outcome is recorded by the outbox). */
export async function sendWebhook(db: DbOrTx, w: { url: string; secret: string }, deliveryId: number, event: string, body: string): Promise<SendResult> {
  let status: number | null = null;
  let error: string | null = null;
  let refused = false;
  try {
    const res = await safePost(w.url, {
      headers: { 'content-type': 'application/json', 'x-vigil-event': event, 'x-vigil-delivery': String(deliveryId), 'x-vigil-signature': sign(w.secret, body) },
      body,
      allowPrivate: await privateTargetsAllowed(db),
      timeoutMs: 10_000,
    });
    status = res.status;
    if (status < 200 || status >= 300) error = `HTTP ${status}`;
  } catch (e) {
    // A refused target is never contacted; a retry will not change that.
    refused = e instanceof TargetRefusedError;
    error = refused ? (e as Error).message : `delivery failed: ${(e as Error).message}`;
  }
  return { status, error, refused };
}
