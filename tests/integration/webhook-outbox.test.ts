// The webhook delivery outbox: a delivery committed but never handed to the queue (a crash in
// between) is swept and sent; failed attempts back off and end as a dead letter that an admin
// can redeliver (audited); two jobs for one delivery send it once; the log filters per webhook.
import crypto from 'node:crypto';
import http from 'node:http';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { auditEvents, webhookDeliveries, webhooks } from '@/server/db/schema';
import { closeQueues } from '@/server/queue/enqueue';
import { startWorkers } from '@/server/queue/start-workers';
import { attemptDelivery } from '@/server/services/monitoring/webhook-outbox';
import { queueWebhookEvent } from '@/server/services/monitoring/webhooks';
import { callerAs, makeUser, uniq } from './helpers/factories';
import { waitFor } from './helpers/wait';

const received: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
let failing = true;
let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(req.url === '/flaky' && failing ? 500 : 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  // Only this file's webhooks receive this file's events.
  await db().update(webhooks).set({ enabled: false });
  // The receiver is on loopback, which deliveries refuse unless an admin allows private targets.
  await callerAs(await makeUser('admin')).webhooks.setAllowPrivate({ allow: true });
});
afterAll(async () => {
  await closeQueues();
  server.close();
});

/** Written directly (URL validation is not what this file tests). */
async function hook(path: string) {
  const [w] = await db().insert(webhooks).values({ name: uniq('hook'), url: `${base}${path}`, secret: crypto.randomBytes(24).toString('base64url') }).returning();
  return w;
}

describe('webhook outbox', () => {
  it('sends a delivery that was committed but never handed to the queue (crash in between), when a worker starts', async () => {
    const w = await hook('/ok');
    const ids = await db().transaction((tx) => queueWebhookEvent(tx, 'alert.firing', { alert: { id: 'crash-test' } }));
    expect(ids).toHaveLength(1);
    // No dispatch: the process "crashed" after the commit. A worker starting up sweeps the outbox.
    const { stop } = await startWorkers();
    try {
      const got = await waitFor(async () => received.find((r) => r.body.includes('crash-test')), (x) => !!x, 15_000, 'swept delivery');
      expect(got!.headers['x-vigil-signature']).toBe(`sha256=${crypto.createHmac('sha256', w.secret).update(got!.body).digest('hex')}`);
      const [d] = await waitFor(() => db().select().from(webhookDeliveries).where(eq(webhookDeliveries.id, ids[0])), (r) => r[0]?.status === 'delivered', 10_000, 'delivered row');
      expect(d.attempts).toBe(1);
    } finally {
      await stop();
    }
    await db().update(webhooks).set({ enabled: false }).where(eq(webhooks.id, w.id));
  });

  it('backs off, dead-letters after the last attempt, and an admin redelivers it (audited)', async () => {
    const w = await hook('/flaky');
    failing = true;
    const [id] = await db().transaction((tx) => queueWebhookEvent(tx, 'alert.firing', { alert: { id: 'dead-test' } }));
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) outcomes.push(await attemptDelivery(db(), id, { maxAttempts: 3, backoffMs: 0 }));
    expect(outcomes).toEqual(['retry', 'retry', 'dead']);
    const [dead] = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
    expect(dead).toMatchObject({ status: 'dead', attempts: 3, responseStatus: 500, lastError: 'HTTP 500' });
    expect(await attemptDelivery(db(), id)).toBe('skipped');

    // A backed-off delivery is not attempted before its time.
    const [later] = await db().transaction((tx) => queueWebhookEvent(tx, 'alert.firing', { alert: { id: 'backoff-test' } }));
    expect(await attemptDelivery(db(), later, { backoffMs: 60_000 })).toBe('retry');
    expect(await attemptDelivery(db(), later)).toBe('skipped');

    await expect(callerAs(await makeUser('engineer')).webhooks.redeliver({ deliveryId: id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const admin = callerAs(await makeUser('admin'));
    await expect(admin.webhooks.redeliver({ deliveryId: later })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(admin.webhooks.redeliver({ deliveryId: 987654321 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    failing = false;
    expect(await admin.webhooks.redeliver({ deliveryId: id })).toEqual({ id, status: 'pending' });
    expect(await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'webhook.redeliver'), eq(auditEvents.targetId, String(id))))).toHaveLength(1);
    expect(await attemptDelivery(db(), id)).toBe('delivered');

    // The delivery log of one webhook.
    const logOf = await admin.webhooks.list({ webhookId: w.id });
    expect(new Set(logOf.deliveries.map((d) => d.webhookId))).toEqual(new Set([w.id]));
    expect(logOf.deliveries.map((d) => d.id).sort()).toEqual([id, later].sort());
    const deadOnes = await admin.webhooks.list({ status: 'dead' });
    expect(deadOnes.deliveries.every((d) => d.status === 'dead')).toBe(true);
    await db().update(webhooks).set({ enabled: false }).where(eq(webhooks.id, w.id));
  });

  it('two jobs for one delivery send it once', async () => {
    const w = await hook('/once');
    const [id] = await db().transaction((tx) => queueWebhookEvent(tx, 'alert.firing', { alert: { id: 'once-test' } }));
    const r = await Promise.all([attemptDelivery(db(), id), attemptDelivery(db(), id)]);
    expect(r.sort()).toEqual(['delivered', 'skipped']);
    expect(received.filter((x) => x.body.includes('once-test'))).toHaveLength(1);
    await db().update(webhooks).set({ enabled: false }).where(eq(webhooks.id, w.id));
  });
});
