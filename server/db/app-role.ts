// The role the web, serving and worker processes connect as. It may read and write the app's
// tables but owns none of them and is not a superuser, so it cannot UPDATE, DELETE or TRUNCATE
// audit_events, nor disable or drop the trigger that makes the audit log append-only (only
// the owner can alter a table). Migrations run as the owner; partitions of the prediction log
// are created through a SECURITY DEFINER function (migration 0011). `npm run up` and `npm test`
// set this up for their own embedded Postgres; with an external DATABASE_URL the operator
// creates the role (README, Security) — run as a superuser, Vigil works but logs a warning.
import pg from 'pg';

export const APP_ROLE = 'vigil_app';

/** Creates (or updates) the app role with DML grants on `ownerUrl`'s database; returns its URL. */
export async function ensureAppRole(ownerUrl: string, opts: { role?: string; password: string }): Promise<string> {
  const role = opts.role ?? APP_ROLE;
  if (!/^[a-z_][a-z0-9_]*$/.test(role)) throw new Error(`invalid role name ${role}`);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const database = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0].db;
    const owner = (await client.query<{ u: string }>('SELECT current_user AS u')).rows[0].u;
    const id = (s: string) => client.escapeIdentifier(s);
    const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount;
    if (!exists) await client.query(`CREATE ROLE ${id(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION`);
    await client.query(`ALTER ROLE ${id(role)} WITH LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD ${client.escapeLiteral(opts.password)}`);
    for (const sql of [
      `GRANT CONNECT, TEMPORARY ON DATABASE ${id(database)} TO ${id(role)}`,
      `GRANT USAGE ON SCHEMA public TO ${id(role)}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${id(role)}`,
      `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${id(role)}`,
      `REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM ${id(role)}`,
      // Tables the owner creates later (prediction partitions, new migrations) get the same grants.
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${id(owner)} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${id(role)}`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${id(owner)} IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${id(role)}`,
    ]) {
      await client.query(sql);
    }
  } finally {
    await client.end();
  }
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = opts.password;
  return url.toString();
}

export async function isSuperuser(pool: pg.Pool | pg.Client): Promise<boolean> {
  const r = await pool.query<{ s: boolean }>('SELECT rolsuper AS s FROM pg_roles WHERE rolname = current_user');
  return r.rows[0]?.s ?? false;
}
