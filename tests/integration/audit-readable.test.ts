// The audit log names what changed ("loan-default v1 → v2", not version UUIDs) and records
// refused attempts (403) with the actor, what they tried and its target, through tRPC and REST
// (issue 9, D24).
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { POST as rollbackRoute } from '@/app/api/models/[name]/rollback/route';
import { db } from '@/server/db/client';
import { auditEvents } from '@/server/db/schema';
import { moveAlias } from '@/server/services/aliases/move-alias';
import { uploadModelVersion } from '@/server/services/models/register-version';
import { createToken } from '@/server/services/tokens/tokens';
import { describeChange } from '@/components/audit/describe-change';
import { actorOf, callerAs, makeUser, uniq } from './helpers/factories';
import { trainedOnnx } from './helpers/serving';

describe('audit log', () => {
  it('lists events with readable targets and changes', async () => {
    const admin = await makeUser('admin');
    const ctx = { db: db(), actor: actorOf(admin) };
    const name = uniq('readable').toLowerCase();
    await uploadModelVersion(ctx, { model: name }, await trainedOnnx(1));
    await uploadModelVersion(ctx, { model: name }, await trainedOnnx(2));
    await moveAlias(ctx, { model: name, alias: 'production', version: 1, reason: 'first' });
    await moveAlias(ctx, { model: name, alias: 'production', version: 2, reason: 'better on the golden set', breakGlass: true });
    const page = await callerAs(admin).audit.list({ actor: admin.email, action: 'alias.' });
    const move = page.rows.find((e) => e.reason === 'better on the golden set')!;
    expect(page.labels[move.targetId]).toBe(name);
    expect(describeChange(move.before, move.after, page.labels)).toEqual([`versionId: ${name} v1 → v2`, 'breakGlass: true']);
  });

  it('records a refused tRPC call with the actor, the procedure and its target', async () => {
    const viewer = await makeUser('viewer');
    const name = uniq('denied').toLowerCase();
    await expect(callerAs(viewer).aliases.move({ model: name, alias: 'production', version: 1, expectedVersion: null })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const rows = await db().select().from(auditEvents).where(and(eq(auditEvents.actorId, viewer.id), eq(auditEvents.action, 'access.denied')));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorLabel: viewer.email, targetType: 'model', targetId: name, after: { attempted: 'aliases.move', message: "role 'viewer' may not alias move" } });
  });

  it('records a refused REST call (403) with the actor and the route', async () => {
    const viewer = await makeUser('viewer');
    const { token } = await createToken({ db: db(), actor: actorOf(viewer) }, { name: 'cli' });
    const name = uniq('denied-rest').toLowerCase();
    const req = new Request(`http://127.0.0.1/api/models/${name}/rollback`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'try' }) });
    const res = await rollbackRoute(req, { params: Promise.resolve({ name }) });
    expect(res.status).toBe(403);
    const rows = await db().select().from(auditEvents).where(and(eq(auditEvents.actorId, viewer.id), eq(auditEvents.action, 'access.denied')));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ targetType: 'route', targetId: `/api/models/${name}/rollback`, after: { attempted: `POST /api/models/${name}/rollback` } });
  });
});
