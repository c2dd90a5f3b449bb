// The serving process: answers predictions for the versions that aliases point at, logs every
// prediction durably, and hot-swaps versions when an alias moves. Run N of them behind a load
// balancer, each with its own VIGIL_SERVE_INSTANCE (its spool folder).
import { startServing } from '@/server/serving/start-serving';

const serving = await startServing();
console.log(`serving on :${serving.port}`);

let closing = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => void (async () => {
    if (closing) return;
    closing = true;
    // Ship what the spool holds before leaving (whatever is left is shipped on the next start).
    await serving.close();
    process.exit(0);
  })());
}
