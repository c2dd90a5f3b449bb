// `npm run up`: services → migrations → build → demo seed → web, serve and worker processes.
import path from 'node:path';
import { parseEnv } from '@/server/env';
import { createDb, createPool } from '@/server/db/client';
import { DEMO_USERS } from '@/server/demo/demo-users';
import { and, count, eq } from 'drizzle-orm';
import { users } from '@/server/db/schema';
import { retireDemo } from '@/server/demo/demo-accounts';
import { demoEnabled } from '@/server/demo/demo-mode';
import { createDemoServingKey, finishDemo, seedDemo } from '@/server/demo/seed-demo';
import { closeQueues } from '@/server/queue/enqueue';
import { verifyServingKey } from '@/server/services/serving-keys/serving-keys';
import { buildIfStale } from './lib/build';
import { appendLocalEnv, ensureLocalSecrets } from './lib/local-env';
import { bringUpStack } from './lib/stack';
import { StopRequested, Stopper } from './lib/stopper';
import { Supervisor } from './lib/supervisor';

const root = process.cwd();
const log = (s: string) => console.log(`\x1b[1m[vigil]\x1b[0m ${s}`);
// Installed before anything starts, so a signal at any moment stops what is already running.
const stopper = new Stopper(log).install();

async function main() {
  // Decided on the caller's environment: below, DATABASE_URL is always set (to the embedded one too).
  const demo = demoEnabled({ VIGIL_DEMO: process.env.VIGIL_DEMO, DATABASE_URL: process.env.DATABASE_URL });
  const secrets = ensureLocalSecrets(path.join(root, '.env.local'));
  const stack = await bringUpStack({
    pgDataDir: path.join(root, '.vigil/pg'),
    redisDataDir: path.join(root, '.vigil/redis'),
    database: 'vigil',
    log,
    databaseUrlFromEnv: process.env.DATABASE_URL,
    redisUrlFromEnv: process.env.REDIS_URL,
  });
  stopper.onStop('Postgres and Redis', stack.stop);
  stopper.check();
  const childEnv: NodeJS.ProcessEnv = {
    ...secrets,
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: stack.databaseUrl,
    REDIS_URL: stack.redisUrl,
    NEXT_TELEMETRY_DISABLED: '1',
  };
  const cfg = parseEnv(childEnv);
  childEnv.NEXTAUTH_URL ??= `http://localhost:${cfg.VIGIL_WEB_PORT}`;

  // The seed needs the artifact store and queues, which read the validated environment.
  Object.assign(process.env, childEnv);
  const pool = createPool(stack.databaseUrl, 2);
  const seedDb = createDb(pool);
  stopper.onStop('queues', closeQueues);
  if (demo) {
    await seedDemo(seedDb, log);
    // A key kept in .env.local from an earlier database (e.g. .vigil/ was deleted) is unknown now.
    if (childEnv.VIGIL_DEMO_SERVING_KEY && !(await verifyServingKey(seedDb, childEnv.VIGIL_DEMO_SERVING_KEY))) delete childEnv.VIGIL_DEMO_SERVING_KEY;
    if (!childEnv.VIGIL_DEMO_SERVING_KEY) {
      // The simulator's key is a secret like the others: generated once, kept in .env.local.
      childEnv.VIGIL_DEMO_SERVING_KEY = await createDemoServingKey(seedDb);
      appendLocalEnv(path.join(root, '.env.local'), 'VIGIL_DEMO_SERVING_KEY', childEnv.VIGIL_DEMO_SERVING_KEY);
    }
  } else {
    // Demo accounts have published passwords: without the demo they must not stay usable.
    await retireDemo(seedDb, log);
    delete childEnv.VIGIL_DEMO_SERVING_KEY;
  }

  stopper.check();

  await buildIfStale(root, childEnv, log, { signal: stopper.signal });
  stopper.check();

  const sup = new Supervisor(root);
  stopper.onStop('web, serve and worker', () => sup.stopAll());
  const tsx = (entry: string) => [process.execPath, ['--import', 'tsx', entry]] as const;
  sup.start({ name: 'web', command: process.execPath, args: ['--import', './server/http/peer-address.mjs', 'node_modules/next/dist/bin/next', 'start', '-p', String(cfg.VIGIL_WEB_PORT)], env: childEnv, color: 36 });
  sup.start({ name: 'serve', command: tsx('workers/serve.ts')[0], args: [...tsx('workers/serve.ts')[1]], env: childEnv, color: 35 });
  sup.start({ name: 'worker', command: tsx('workers/worker.ts')[0], args: [...tsx('workers/worker.ts')[1]], env: childEnv, color: 33 });

  log(`console: http://localhost:${cfg.VIGIL_WEB_PORT}   serving API: http://localhost:${cfg.VIGIL_SERVE_PORT}`);
  if (demo) {
    log('demo sign-ins (published passwords: for a local demo only; VIGIL_DEMO=0 turns them off):');
    for (const u of DEMO_USERS) log(`  ${u.role.padEnd(9)} ${u.email.padEnd(22)} password: ${u.password}`);
  } else {
    const [admins] = await seedDb.select({ n: count() }).from(users).where(and(eq(users.role, 'admin'), eq(users.active, true)));
    if (!admins.n) log(`no admin yet: create one with \`DATABASE_URL=${stack.databaseUrl} ./bin/vigil admin create --email you@example.com\` (reads the password from stdin or a prompt)`);
  }
  log("press Ctrl-C (or send SIGINT or SIGTERM to `npm run up`) to stop everything");
  // Registers the demo model once the worker has trained the demo runs (first start only).
  if (demo) void finishDemo(seedDb, log).finally(() => pool.end());
  else await pool.end();

  stopper.ready();
}

main().catch(async (e) => {
  if (e instanceof StopRequested || stopper.signal.aborted) return stopper.stopAndExit(0);
  console.error(`[vigil] ${e instanceof Error ? e.message : String(e)}`);
  await stopper.stopAndExit(1);
});
