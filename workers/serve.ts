// The serving process: answers predictions for the versions that aliases point at, logs every
// prediction durably, and hot-swaps versions when an alias moves. Run N of them behind a load
// balancer, each with its own VIGIL_SERVE_INSTANCE (its spool folder).
//
// Last resort (decided in issue 10): every request and background loop handles its own errors,
// so a promise rejection that reaches `unhandledRejection` is a bug in code that holds no
// acknowledged state; it is logged and counted (vigil_serve_unhandled_rejections_total) and
// serving goes on, because exiting would drop every in-flight request for nothing. An uncaught
// exception leaves the process in an unknown state: it is logged, the spool is closed (records
// already acknowledged are on disk) and the process exits 1 for its supervisor to restart it;
// the next start ships the spool.
//
// VIGIL_SERVE_WORKERS=N (> 1): this process becomes the primary of N serving processes sharing
// the port (node:cluster, server/serving/serve-cluster.ts); each worker runs the code below with
// its own spool.
import cluster from 'node:cluster';
import { ConfigError, env } from '@/server/env';
import { rootLogger } from '@/server/observability/logger';

let cfg;
try {
  cfg = env();
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  process.stderr.write(`serve: ${e.message}\n`);
  process.exit(2);
}
// The root logger first, so every module's child logger says process "serve".
const log = rootLogger('serve');
if (cfg.VIGIL_SERVE_WORKERS > 1 && cluster.isPrimary) {
  const { runServePrimary } = await import('@/server/serving/serve-cluster');
  await runServePrimary(cfg.VIGIL_SERVE_WORKERS);
}
const { startServing } = await import('@/server/serving/start-serving');
const serving = await startServing();
log.info({ port: serving.port, worker: cluster.isWorker ? cfg.VIGIL_SERVE_WORKER_INDEX : undefined }, 'serving');
if (cluster.isWorker) process.send?.({ type: 'vigil:ready', port: serving.port });

process.on('unhandledRejection', (reason) => {
  serving.metrics.unhandled.inc();
  log.error({ err: reason }, 'unhandled promise rejection (a bug); serving goes on');
});
process.on('uncaughtException', (e) => {
  log.fatal({ err: e }, 'uncaught exception: closing the spool and exiting for the supervisor to restart');
  const t = setTimeout(() => process.exit(1), 5000);
  t.unref();
  void serving.spool.close().finally(() => process.exit(1));
});

let closing = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => void (async () => {
    if (closing) return;
    closing = true;
    // Ship what the spool holds before leaving (whatever is left is shipped on the next start).
    await serving.close().catch((e: unknown) => log.error({ err: e }, 'shutdown failed; the spool keeps what did not ship'));
    process.exit(0);
  })());
}
