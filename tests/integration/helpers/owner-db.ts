// The database owner's connection, for what a test must do that the app's role may not (create a
// trigger that simulates Postgres failing halfway). `npm test` connects the processes as the app
// role and passes the owner's URL in VIGIL_TEST_OWNER_DATABASE_URL; elsewhere both are one URL.
import pg from 'pg';

export async function asOwner(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.VIGIL_TEST_OWNER_DATABASE_URL ?? process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
