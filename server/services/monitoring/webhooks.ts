// Alert webhooks: JSON POSTs signed with HMAC-SHA256 (`X-Vigil-Signature: sha256=<hex>` over
// the exact body), delivered by a worker queue with retries and exponential backoff.
import crypto from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/server/db/client';
import { webhookDeliveries, webhooks } from '@/server/db/schema';
import { queueFor } from '@/server/queue/enqueue';
import { QUEUES } from '@/server/queue/contract';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { notFound } from '../errors';
import { inTransaction } from '../transaction';

export const createWebhookInput = z.object({
  name: z.string().trim().min(1).max(100),
  url: z.string().url().refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL'),
});

export function sign(secret: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
}

export async function createWebhook(ctx: ServiceContext, input: z.input<typeof createWebhookInput>) {
  const actor = requirePermission(ctx, 'policy.manage');
  const data = createWebhookInput.parse(input);
  const secret = crypto.randomBytes(24).toString('base64url');
  return inTransaction(ctx, async (tx) => {
    const [w] = await tx.insert(webhooks).values({ ...data, secret, createdBy: actor.kind === 'user' ? actor.id : null }).returning();
    await writeAudit(tx, actor, { action: 'webhook.create', targetType: 'webhook', targetId: w.id, after: { name: w.name, url: w.url } });
    return { id: w.id, name: w.name, url: w.url, secret };
  });
}

export async function listWebhooks(ctx: ServiceContext) {
  requirePermission(ctx, 'policy.manage');
  const rows = await ctx.db.select({ id: webhooks.id, name: webhooks.name, url: webhooks.url, enabled: webhooks.enabled, createdAt: webhooks.createdAt }).from(webhooks).orderBy(webhooks.createdAt);
  const recent = await ctx.db.select().from(webhookDeliveries).orderBy(desc(webhookDeliveries.id)).limit(50);
  return { webhooks: rows, deliveries: recent };
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

export async function dispatchDeliveries(ids: number[]): Promise<void> {
  const q = queueFor(QUEUES.webhook.name);
  for (const id of ids) await q.add('deliver', { v: 1, deliveryId: id }, { ...QUEUES.webhook.defaults, jobId: `delivery-${id}`, removeOnComplete: 1000, removeOnFail: 1000 });
}

/** One delivery attempt; throws on a non-2xx answer so the queue retries with backoff. */
export async function deliver(db: DbOrTx, deliveryId: number, final: boolean): Promise<void> {
  const [d] = await db.select({ d: webhookDeliveries, w: webhooks }).from(webhookDeliveries).innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId)).where(eq(webhookDeliveries.id, deliveryId));
  if (!d || d.d.status === 'delivered') return;
  const body = JSON.stringify({ event: d.d.event, delivery: deliveryId, ...(d.d.payload as object) });
  let status: number | null = null;
  let error: string | null = null;
  try {
    const res = await fetch(d.w.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-vigil-event': d.d.event, 'x-vigil-delivery': String(deliveryId), 'x-vigil-signature': sign(d.w.secret, body) },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    status = res.status;
    if (!res.ok) error = `HTTP ${res.status}`;
  } catch (e) {
    error = (e as Error).message;
  }
  await db
    .update(webhookDeliveries)
    .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, responseStatus: status, lastError: error, ...(error ? (final ? { status: 'dead' as const } : {}) : { status: 'delivered' as const, deliveredAt: sql`now()` }) })
    .where(eq(webhookDeliveries.id, deliveryId));
  if (error) throw new Error(`webhook delivery ${deliveryId}: ${error}`);
}
