// Webhook targets (issue 11, finding 8): no loopback / link-local / private targets unless an
// admin allows them, no redirects, no status oracle for refused targets, URLs redacted in the
// audit log and in lists.
import crypto from 'node:crypto';
import http from 'node:http';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { auditEvents, webhookDeliveries } from '@/server/db/schema';
import { queueWebhookEvent } from '@/server/services/monitoring/webhooks';
import { attemptDelivery } from '@/server/services/monitoring/webhook-outbox';
import { safePost } from '@/server/net/safe-http';
import { writeAudit } from '@/server/services/audit/write-audit';
import { systemActor } from '@/server/services/context';
import { callerAs, makeUser, uniq } from './helpers/factories';

type Hit = { url: string; host: string | undefined };
const hits: Hit[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push({ url: req.url ?? '', host: req.headers.host });
    req.resume();
    if (req.url?.startsWith('/trickle')) {
      // Answers headers, then sends one byte every 100 ms for ever (until the client gives up).
      res.writeHead(200);
      const t = setInterval(() => res.write('.'), 100);
      res.on('close', () => clearInterval(t));
      return;
    }
    if (req.url?.startsWith('/redirect')) res.writeHead(302, { location: `${base}/landed` }).end();
    else res.writeHead(200).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.close();
});

async function admin() {
  return callerAs(await makeUser('admin'));
}

describe('webhook targets', () => {
  it('refuses loopback, link-local, private and IPv4-mapped targets unless private targets are allowed', async () => {
    const a = await admin();
    await a.webhooks.setAllowPrivate({ allow: false });
    for (const url of ['http://127.0.0.1:1/x', 'http://169.254.169.254/latest/meta-data', 'http://10.1.2.3/', 'http://192.168.0.10/', 'http://172.16.5.4/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://[fe80::1]/', 'http://[fd12::1]/', 'http://0.0.0.0/', 'http://localhost:9/', 'http://100.64.0.1/']) {
      await expect(a.webhooks.create({ name: uniq('h'), url }), url).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    await expect(a.webhooks.create({ name: uniq('h'), url: `https://example.com/${'x'.repeat(5000)}` })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(a.webhooks.create({ name: uniq('h'), url: 'ftp://example.com/x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await a.webhooks.setAllowPrivate({ allow: true });
    const ok = await a.webhooks.create({ name: uniq('h'), url: `${base}/ok` });
    expect(ok.id).toBeTruthy();
    await a.webhooks.disable({ id: ok.id });
  });

  it('redacts the URL (scheme and host only) in the audit log and in the list', async () => {
    const a = await admin();
    await a.webhooks.setAllowPrivate({ allow: true });
    const secretPath = `/services/T000/B000/${uniq('SECRET')}?token=abc`;
    const w = await a.webhooks.create({ name: uniq('slack'), url: `${base}${secretPath}` });
    const [ev] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'webhook.create'), eq(auditEvents.targetId, w.id)));
    expect(JSON.stringify(ev)).not.toContain('SECRET');
    expect((ev.after as { url: string }).url).toBe(base);
    const listed = (await a.webhooks.list()).webhooks.find((x) => x.id === w.id)!;
    expect(listed.url).toBe(base);
    expect(JSON.stringify(await callerAs(await makeUser('viewer')).audit.list({}))).not.toContain('SECRET');
    await a.webhooks.disable({ id: w.id });
  });

  it('shows webhook URLs audited before redaction as scheme and host too', async () => {
    const id = crypto.randomUUID();
    await writeAudit(db(), systemActor('old version'), { action: 'webhook.create', targetType: 'webhook', targetId: id, after: { name: 'old', url: 'https://hooks.slack.com/services/T0/B0/OLDSECRET' } });
    const page = await callerAs(await makeUser('viewer')).audit.list({ targetId: id });
    expect(page.rows[0].after).toEqual({ name: 'old', url: 'https://hooks.slack.com' });
  });

  it('does not contact a target that became refused, and records no status for it', async () => {
    const a = await admin();
    await a.webhooks.setAllowPrivate({ allow: true });
    const w = await a.webhooks.create({ name: uniq('h'), url: `${base}/refused-later` });
    await a.webhooks.setAllowPrivate({ allow: false });
    const ids = await queueWebhookEvent(db(), 'test.event', { n: 1 });
    const mine = await findDelivery(ids, w.id);
    // Refused at once: a dead letter after one attempt (a retry would not change it), never contacted.
    expect(await attemptDelivery(db(), mine)).toBe('dead');
    expect(hits.some((h) => h.url === '/refused-later')).toBe(false);
    const [d] = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.id, mine));
    expect(d.responseStatus).toBeNull();
    expect(d.status).toBe('dead');
    expect(d.lastError).toMatch(/refused/);
    await a.webhooks.setAllowPrivate({ allow: true });
    await a.webhooks.disable({ id: w.id });
  });

  it('does not follow redirects', async () => {
    const a = await admin();
    await a.webhooks.setAllowPrivate({ allow: true });
    const w = await a.webhooks.create({ name: uniq('h'), url: `${base}/redirect` });
    const ids = await queueWebhookEvent(db(), 'test.event', { n: 2 });
    const mine = await findDelivery(ids, w.id);
    expect(await attemptDelivery(db(), mine, { maxAttempts: 1 })).toBe('dead');
    const [d] = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.id, mine));
    expect(d.responseStatus).toBe(302);
    expect(hits.some((h) => h.url === '/landed')).toBe(false);
    await a.webhooks.disable({ id: w.id });
  });

  it('connects to the address it resolved and checked (no second lookup), keeping the Host header', async () => {
    const port = (server.address() as { port: number }).port;
    const res = await safePost(`http://hook.invalid:${port}/pinned`, { body: '{}', headers: { 'content-type': 'application/json' }, allowPrivate: true, resolve: async () => ['127.0.0.1'] });
    expect(res.status).toBe(200);
    expect(hits.find((h) => h.url === '/pinned')?.host).toBe(`hook.invalid:${port}`);
    await expect(safePost(`http://hook.invalid:${port}/pinned2`, { body: '{}', headers: {}, allowPrivate: false, resolve: async () => ['127.0.0.1'] })).rejects.toThrow(/refused/);
    expect(hits.some((h) => h.url === '/pinned2')).toBe(false);
  });

  it('gives up on a receiver that trickles its answer, at the whole-exchange deadline', async () => {
    const t0 = Date.now();
    await expect(safePost(`${base}/trickle`, { body: '{}', headers: {}, allowPrivate: true, timeoutMs: 800 })).rejects.toThrow(/within 800 ms/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('only policy managers change the private-target setting', async () => {
    const eng = callerAs(await makeUser('engineer'));
    await expect(eng.webhooks.setAllowPrivate({ allow: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

async function findDelivery(ids: number[], webhookId: string): Promise<number> {
  const rows = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId));
  const d = rows.find((r) => ids.includes(r.id));
  if (!d) throw new Error('delivery not queued');
  return d.id;
}
