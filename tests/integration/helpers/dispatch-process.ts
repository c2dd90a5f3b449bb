// A separate process that hands committed job rows to the queue, as a web request does after
// its transaction (run with a REDIS_URL of your choosing):
// `node --import tsx tests/integration/helpers/dispatch-process.ts <jobId>…`. Prints the ms taken.
import { db, pool } from '@/server/db/client';
import { dispatch } from '@/server/queue/enqueue';

const t0 = Date.now();
await dispatch(db(), process.argv.slice(2));
process.stdout.write(`${JSON.stringify({ ms: Date.now() - t0 })}\n`);
await pool().end();
process.exit(0);
