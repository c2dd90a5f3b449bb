// `vigil admin create` (issue 11, finding 6): the first admin without demo accounts, straight
// against the database like the migrations; the password comes from stdin, never the command line.
import { spawn } from 'node:child_process';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { auditEvents, users } from '@/server/db/schema';
import { redis } from '@/server/redis';
import { signIn } from '@/server/services/auth/sign-in';
import { uniq } from './helpers/factories';

function vigil(args: string[], stdin: string, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/vigil', ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('vigil admin create', () => {
  it('creates an admin with the password read from stdin, audited, who can then sign in', async () => {
    const email = `${uniq('first-admin')}@example.com`;
    const res = await vigil(['admin', 'create', '--email', email, '--name', 'First Admin', '--json'], 'a long admin secret\n');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ email, role: 'admin' });
    const [u] = await db().select().from(users).where(eq(users.email, email));
    expect(u.role).toBe('admin');
    expect((await signIn({ db: db(), redis: redis() }, { email, password: 'a long admin secret', ip: '192.0.2.50' })).id).toBe(u.id);
    const [ev] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'user.create'), eq(auditEvents.targetId, u.id)));
    expect(ev.actorLabel).toMatch(/admin create/);
  });

  it('refuses a short password, a taken email and a missing DATABASE_URL with a clear message', async () => {
    const email = `${uniq('a')}@example.com`;
    const short = await vigil(['admin', 'create', '--email', email], 'short\n');
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/password must be at least 10 characters/);
    expect((await vigil(['admin', 'create', '--email', email], 'long enough password\n')).code).toBe(0);
    const again = await vigil(['admin', 'create', '--email', email], 'long enough password\n');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
    const noDb = await vigil(['admin', 'create', '--email', `${uniq('b')}@example.com`], 'long enough password\n', { ...process.env, DATABASE_URL: '' });
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toMatch(/DATABASE_URL/);
  });

  it('two creations of one email at once: one admin is created, the other is told the email is taken', async () => {
    const email = `${uniq('race')}@example.com`;
    const results = await Promise.all([0, 1, 2].map(() => vigil(['admin', 'create', '--email', email], 'long enough password\n')));
    expect(results.map((r) => r.code).sort()).toEqual([0, 2, 2]);
    for (const r of results.filter((x) => x.code === 2)) expect(r.stderr).toMatch(/already exists/);
    expect(await db().select().from(users).where(eq(users.email, email))).toHaveLength(1);
  });
});
