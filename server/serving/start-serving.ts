// Starts a serving gateway: loads the aliased versions, listens for alias moves (Postgres
// LISTEN/NOTIFY, plus a periodic re-check), opens the spool, starts the log shipper and the
// HTTP server. Used by workers/serve.ts, the integration tests and the benchmarks.
import cluster from 'node:cluster';
import type http from 'node:http';
import pg from 'pg';
import { createDb, createPool } from '@/server/db/client';
import { env } from '@/server/env';
import { metricsRegistry } from '@/server/observability/metrics';
import { AggregatorRegistry } from 'prom-client';
import { ALIAS_CHANNEL } from '@/server/services/aliases/move-alias';
import { SERVING_KEYS_CHANNEL } from '@/server/services/serving-keys/serving-keys';
import { logger } from '@/server/observability/logger';
import { artifactStore } from '@/server/storage';
import { KeyCache } from './key-cache';
import { LoadFailures } from './load-failures';
import { LogShipper } from './log-shipper';
import { PendingPredictions } from './pending-predictions';
import { createServingServer } from './server';
import { servingMetrics, type ServingMetrics } from './serving-metrics';
import { ServingState } from './serving-state';
import { Spool } from './spool';
import { RejectionLog } from './rejection-log';
import { adoptOrphanSpools, workerInstanceName, workerSpoolDir } from './worker-spools';

export interface RunningServing {
  server: http.Server;
  port: number;
  state: ServingState;
  shipper: LogShipper;
  spool: Spool;
  metrics: ServingMetrics;
  close: () => Promise<void>;
}

const log = logger({ component: 'serve' });

/** Keeps a LISTEN connection open, reconnecting after errors. */
function listen(url: string, channels: Record<string, (payload: string) => void>, onReconnect: () => void) {
  let client: pg.Client | null = null;
  let stopped = false;
  const connect = async () => {
    if (stopped) return;
    client = new pg.Client({ connectionString: url });
    client.on('notification', (n) => channels[n.channel]?.(n.payload ?? ''));
    client.on('error', (e) => {
      log.warn({ err: e }, 'LISTEN connection lost; reconnecting');
      client?.end().catch((e2: unknown) => log.debug({ err: e2 }, 'closing a lost LISTEN connection failed'));
      client = null;
      setTimeout(() => void connect(), 1000).unref();
    });
    try {
      await client.connect();
      for (const ch of Object.keys(channels)) await client.query(`LISTEN ${ch}`);
      onReconnect();
    } catch (e) {
      log.warn({ err: e }, 'LISTEN connection failed; retrying');
      client.end().catch((e2: unknown) => log.debug({ err: e2 }, 'closing a failed LISTEN connection failed'));
      client = null;
      setTimeout(() => void connect(), 1000).unref();
    }
  };
  void connect();
  return () => {
    stopped = true;
    void client?.end().catch((e: unknown) => log.debug({ err: e }, 'closing the LISTEN connection failed'));
  };
}

/** `log` is accepted for older callers and ignored: serving logs through pino (LOG_LEVEL). */
export async function startServing(opts: { port?: number; log?: (s: string) => void } = {}): Promise<RunningServing> {
  const cfg = env();
  const port = opts.port ?? cfg.VIGIL_SERVE_PORT;
  const pool = createPool(cfg.DATABASE_URL, 10);
  const db = createDb(pool);
  const registry = metricsRegistry('serve');
  const metrics = servingMetrics(registry);
  const baseInstance = cfg.VIGIL_SERVE_INSTANCE ?? `serve-${port}`;
  // One serving process, or one worker of VIGIL_SERVE_WORKERS: each worker has its own spool.
  const workerIndex = cluster.isWorker ? cfg.VIGIL_SERVE_WORKER_INDEX : 0;
  const workers = cluster.isWorker ? cfg.VIGIL_SERVE_WORKERS : 1;
  const instance = workerInstanceName(baseInstance, workerIndex);
  // A worker answers prom-client's aggregation requests from the primary with this registry.
  if (cluster.isWorker) {
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([registry]);
  }
  const failures = new LoadFailures(db, instance, metrics.loadFailures);
  const state = new ServingState(db, artifactStore(), cfg.VIGIL_SERVE_MAX_BATCH_ROWS, failures);
  state.onBatch = (v, rows) => metrics.batchRows.observe({ model: v.modelName, version: String(v.version) }, rows);
  const spool = await Spool.open(workerSpoolDir(cfg.VIGIL_SPOOL_DIR, baseInstance, workerIndex), {
    rotateMs: cfg.VIGIL_SPOOL_ROTATE_MS,
    segmentBytes: 1024 * 1024,
    fsync: cfg.VIGIL_SERVE_DURABILITY === 'fsync',
    maxBytes: cfg.VIGIL_SPOOL_MAX_BYTES,
  });
  const pending = new PendingPredictions();
  const shipper = new LogShipper(spool, pool, cfg.VIGIL_SPOOL_ROTATE_MS, {
    onError: (e) => log.warn({ err: e }, 'log shipping paused; retrying with backoff'),
    onShipped: (seq) => pending.shipped(seq),
    onQuarantine: (n) => metrics.quarantined.inc(n),
    onTornTail: () => metrics.tornTails.inc(),
  }, instance);
  metrics.live.spool = spool;
  const keys = new KeyCache(db);
  const rejections = new RejectionLog(pool);
  rejections.start();

  let ready = false;
  // Partitions for the coming days; the worker's maintenance job keeps them ahead too.
  await pool.query('SELECT vigil_ensure_prediction_partitions(1, 7)').catch((e: unknown) => log.warn({ err: e }, 'partition check failed'));
  await failures.reset().catch((e: unknown) => log.warn({ err: e }, 'could not clear earlier load failures'));
  await state.refreshAll().catch((e: unknown) => log.error({ err: e }, 'initial alias load failed'));
  ready = true;
  const stopListen = listen(
    cfg.DATABASE_URL,
    {
      [ALIAS_CHANNEL]: (modelId) => void state.refreshModel(modelId),
      [SERVING_KEYS_CHANNEL]: (prefix) => keys.evictPrefix(prefix),
    },
    () => void state.refreshAll().catch((e: unknown) => log.warn({ err: e }, 'alias re-read after reconnect failed')),
  );
  const recheck = setInterval(() => void state.refreshAll().catch((e: unknown) => log.warn({ err: e }, 'periodic alias re-read failed')), cfg.VIGIL_SERVE_RECHECK_MS);
  recheck.unref();
  shipper.start();
  // Spools of workers that no longer exist (started before with more VIGIL_SERVE_WORKERS): worker 0 ships them.
  const orphans = workerIndex === 0 ? adoptOrphanSpools(cfg.VIGIL_SPOOL_DIR, baseInstance, workers, pool, { onQuarantine: (n) => metrics.quarantined.inc(n), onTornTail: () => metrics.tornTails.inc() }) : null;

  const server = createServingServer({
    db,
    pool,
    state,
    spool,
    shipper,
    keys,
    metrics,
    registry,
    config: {
      unknownFields: cfg.VIGIL_SERVE_UNKNOWN_FIELDS,
      maxRows: cfg.VIGIL_SERVE_MAX_ROWS,
      maxBodyBytes: cfg.VIGIL_SERVE_MAX_BODY_BYTES,
      maxFeedbackLabels: 10_000,
      metricsToken: cfg.VIGIL_METRICS_TOKEN,
      workers,
    },
    ready: () => ready,
    rejections,
    pending,
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  const actualPort = (server.address() as { port: number }).port;
  return {
    server,
    port: actualPort,
    state,
    shipper,
    spool,
    metrics,
    close: async () => {
      clearInterval(recheck);
      stopListen();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
      shipper.stop();
      orphans?.stop();
      await rejections.stop();
      // Whatever does not ship now stays in the spool and ships on the next start.
      await shipper.drain().catch((e: unknown) => log.warn({ err: e }, 'final shipping failed; the spool keeps the records for the next start'));
      await spool.close();
      await pool.end();
    },
  };
}
