// A separate process that presses "Retrain now" as a web request does (run with a REDIS_URL of
// your choosing): `node --import tsx tests/integration/helpers/retrain-trigger-process.ts
// <model> <userId> <email>`. Prints one line {"attemptId","jobId","ms"}.
import { db, pool } from '@/server/db/client';
import { triggerRetrain } from '@/server/services/retraining/trigger';

const [model, id, email] = process.argv.slice(2);
const t0 = Date.now();
const attempt = await triggerRetrain({ db: db(), actor: { kind: 'user', id, email, role: 'engineer' } }, { model, trigger: 'manual' });
process.stdout.write(`${JSON.stringify({ attemptId: attempt.id, jobId: attempt.jobId, ms: Date.now() - t0 })}\n`);
await pool().end();
process.exit(0);
