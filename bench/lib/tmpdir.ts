// The bench's scratch folder: everything a run creates (Postgres data, Redis, artifacts, spool,
// CSV, logs) lives here and is removed at the end unless --keep is given.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function makeBenchDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `vigil-bench-${name}-`));
  // Postgres runs as user `postgres` when we are root: it must be able to reach its data folder.
  fs.chmodSync(dir, 0o755);
  return dir;
}
