// The app's database role (issue 11, finding 10): the web, serving and worker processes connect
// as a role with DML grants only, which cannot rewrite, truncate or un-trigger the audit log;
// migrations run as the owner. The test makes a role of its own and drops it afterwards.
import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAppRole, isSuperuser } from '@/server/db/app-role';
import { createDb, createPool, pool } from '@/server/db/client';
import { writeAudit } from '@/server/services/audit/write-audit';
import { systemActor } from '@/server/services/context';

// `npm test` runs the suite as the app role and passes the owner's URL for this test.
const ownerUrl = process.env.VIGIL_TEST_OWNER_DATABASE_URL ?? process.env.DATABASE_URL!;
const role = `vigil_app_t${crypto.randomBytes(4).toString('hex')}`;
let app: pg.Pool;

beforeAll(async () => {
  const appUrl = await ensureAppRole(ownerUrl, { role, password: crypto.randomBytes(18).toString('base64url') });
  app = createPool(appUrl, 2);
});
afterAll(async () => {
  await app?.end();
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  await owner.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
  await owner.end();
});

const denied = async (q: Promise<unknown>, re: RegExp) => {
  const err = await q.then(() => null, (e: Error) => e);
  expect(err?.message).toMatch(re);
};

describe('the app database role', () => {
  it('is not a superuser, and does the app’s work: reads, writes, audit inserts, partitions', async () => {
    expect(await isSuperuser(app)).toBe(false);
    const id = crypto.randomUUID();
    await writeAudit(createDb(app), systemActor('role test'), { action: 'test.role', targetType: 'test', targetId: id });
    const r = await app.query('SELECT count(*)::int AS n FROM audit_events WHERE target_id = $1', [id]);
    expect(r.rows[0].n).toBe(1);
    await app.query('SELECT vigil_ensure_prediction_partitions(0, 8)');
    await app.query(`INSERT INTO app_settings (key, value) VALUES ($1, '{}') ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [`role-test-${id}`]);
    await app.query('DELETE FROM app_settings WHERE key = $1', [`role-test-${id}`]);
  });

  it('cannot rewrite, delete, truncate or switch off the audit trail', async () => {
    await denied(app.query(`UPDATE audit_events SET action = 'x' WHERE false`), /permission denied/);
    await denied(app.query('DELETE FROM audit_events WHERE false'), /permission denied/);
    await denied(app.query('TRUNCATE audit_events'), /permission denied/);
    await denied(app.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only'), /must be owner/);
    await denied(app.query('DROP TRIGGER audit_events_append_only ON audit_events'), /must be owner/);
    await denied(app.query(`SET session_replication_role = replica`), /permission denied/);
    await denied(app.query('CREATE OR REPLACE FUNCTION vigil_reject_audit_change() RETURNS trigger AS $$ BEGIN RETURN NULL; END $$ LANGUAGE plpgsql'), /must be owner|permission denied/);
  });

  it('under `npm test` the suite itself connects as the app role, not as the owner', async () => {
    if (!process.env.VIGIL_TEST_OWNER_DATABASE_URL) return; // run against a given server as given
    expect(await isSuperuser(pool())).toBe(false);
  });
});
