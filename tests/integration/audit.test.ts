import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { auditEvents } from '@/server/db/schema';
import { writeAudit } from '@/server/services/audit/write-audit';
import { systemActor } from '@/server/services/context';
import { callerAs, makeUser, uniq } from './helpers/factories';

/** Drizzle wraps driver errors ("Failed query: …"); the database's own message is the cause. */
const dbMessage = (e: unknown) => String((e as { cause?: { message?: string } }).cause?.message ?? (e as Error).message);
const rejectsWith = async (p: Promise<unknown>, re: RegExp) => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err, 'expected the query to fail').not.toBeNull();
  expect(dbMessage(err)).toMatch(re);
};

describe('audit log', () => {
  it('is append-only: UPDATE, DELETE and TRUNCATE are rejected by the database', async () => {
    const target = uniq('t');
    await writeAudit(db(), systemActor(), { action: 'test.event', targetType: 'test', targetId: target });
    await rejectsWith(db().execute(sql`UPDATE audit_events SET action = 'x' WHERE target_id = ${target}`), /append-only: UPDATE|permission denied for table audit_events/);
    await rejectsWith(db().execute(sql`DELETE FROM audit_events WHERE target_id = ${target}`), /append-only: DELETE|permission denied for table audit_events/);
    await rejectsWith(db().execute(sql`TRUNCATE audit_events`), /append-only: TRUNCATE|permission denied for table audit_events/);
    const rows = await db().select().from(auditEvents).where(sql`target_id = ${target}`);
    expect(rows).toHaveLength(1);
  });

  it('rolls the audit event back with the change it belongs to', async () => {
    const target = uniq('t');
    await expect(
      db().transaction(async (tx) => {
        await writeAudit(tx, systemActor(), { action: 'test.rollback', targetType: 'test', targetId: target });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    const rows = await db().select().from(auditEvents).where(sql`target_id = ${target}`);
    expect(rows).toHaveLength(0);
  });

  it('lists and filters events, newest first, in pages with a total', async () => {
    const viewer = await makeUser('viewer');
    const target = uniq('t');
    for (let i = 0; i < 3; i++) await writeAudit(db(), systemActor('filter-test'), { action: `filtertest.step${i}`, targetType: 'filtertest', targetId: target });
    const c = callerAs(viewer);
    const all = await c.audit.list({ targetId: target });
    expect(all.rows.map((e) => e.action)).toEqual(['filtertest.step2', 'filtertest.step1', 'filtertest.step0']);
    expect(all.total).toBe(3);
    const page1 = await c.audit.list({ targetId: target, limit: 2 });
    expect(page1.rows).toHaveLength(2);
    const page2 = await c.audit.list({ targetId: target, limit: 2, offset: 2 });
    expect(page2.rows.map((e) => e.action)).toEqual(['filtertest.step0']);
    expect(page2.total).toBe(3);
    const oldestFirst = await c.audit.list({ targetId: target, sort: 'at', dir: 'asc' });
    expect(oldestFirst.rows.map((e) => e.action)).toEqual(['filtertest.step0', 'filtertest.step1', 'filtertest.step2']);
    const byAction = await c.audit.list({ targetId: target, action: 'filtertest.step1' });
    expect(byAction.rows).toHaveLength(1);
    // LIKE metacharacters in the prefix match themselves: '%' finds nothing here.
    expect((await c.audit.list({ targetId: target, action: 'filtertest%' })).total).toBe(0);
    await expect(c.audit.list({ limit: 201 })).rejects.toThrow(/limit/);
    await expect(c.audit.list({ sort: 'payload' as never })).rejects.toThrow(/sort/);
    await expect(c.audit.list({ actor: 'a\u0000b' })).rejects.toThrow(/actor/);
  });
});
