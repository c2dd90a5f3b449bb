// A separate process that runs monitoring passes (as a worker does), for the concurrency
// tests: `node --import tsx tests/integration/helpers/monitor-pass-process.ts <passes> [model …]`
// (the models to pass over; all served models when none are named).
// Prints one JSON line with the summed results.
import { pool } from '@/server/db/client';
import { closeQueues } from '@/server/queue/enqueue';
import { runMonitor } from '@/server/services/monitoring/run-monitor';

const passes = Number(process.argv[2] ?? '1');
const names = process.argv.slice(3);
const total = { fired: 0, resolved: 0, failed: [] as string[] };
for (let i = 0; i < passes; i++) {
  const r = await runMonitor(Date.now() + 2 * 60_000, names.length ? { models: names } : {});
  total.fired += r.fired;
  total.resolved += r.resolved;
  total.failed.push(...r.failed);
}
process.stdout.write(JSON.stringify(total) + '\n');
await closeQueues();
await pool().end();
process.exit(0);
