// Starts a serving gateway: loads the aliased versions, listens for alias moves (Postgres
// LISTEN/NOTIFY, plus a periodic re-check), opens the spool, starts the log shipper and the
// HTTP server. Used by workers/serve.ts, the integration tests and the benchmarks.
import path from 'node:path';
import type http from 'node:http';
import pg from 'pg';
import { createDb, createPool } from '@/server/db/client';
import { env } from '@/server/env';
import { metricsRegistry } from '@/server/observability/metrics';
import { ALIAS_CHANNEL } from '@/server/services/aliases/move-alias';
import { SERVING_KEYS_CHANNEL } from '@/server/services/serving-keys/serving-keys';
import { artifactStore } from '@/server/storage';
import { KeyCache } from './key-cache';
import { LogShipper } from './log-shipper';
import { createServingServer } from './server';
import { servingMetrics } from './serving-metrics';
import { ServingState } from './serving-state';
import { Spool } from './spool';
import { RejectionLog } from './rejection-log';

export interface RunningServing {
  server: http.Server;
  port: number;
  state: ServingState;
  shipper: LogShipper;
  spool: Spool;
  close: () => Promise<void>;
}

/** Keeps a LISTEN connection open, reconnecting after errors. */
function listen(url: string, channels: Record<string, (payload: string) => void>, log: (s: string) => void, onReconnect: () => void) {
  let client: pg.Client | null = null;
  let stopped = false;
  const connect = async () => {
    if (stopped) return;
    client = new pg.Client({ connectionString: url });
    client.on('notification', (n) => channels[n.channel]?.(n.payload ?? ''));
    client.on('error', () => {
      client?.end().catch(() => {});
      client = null;
      setTimeout(() => void connect(), 1000).unref();
    });
    try {
      await client.connect();
      for (const ch of Object.keys(channels)) await client.query(`LISTEN ${ch}`);
      onReconnect();
    } catch (e) {
      log(`LISTEN connection failed (${(e as Error).message}); retrying`);
      client.end().catch(() => {});
      client = null;
      setTimeout(() => void connect(), 1000).unref();
    }
  };
  void connect();
  return () => {
    stopped = true;
    void client?.end().catch(() => {});
  };
}

export async function startServing(opts: { port?: number; log?: (s: string) => void } = {}): Promise<RunningServing> {
  const cfg = env();
  const log = opts.log ?? ((s: string) => console.log(s));
  const port = opts.port ?? cfg.VIGIL_SERVE_PORT;
  const pool = createPool(cfg.DATABASE_URL, 10);
  const db = createDb(pool);
  const registry = metricsRegistry('serve');
  const metrics = servingMetrics(registry);
  const state = new ServingState(db, artifactStore(), cfg.VIGIL_SERVE_MAX_BATCH_ROWS, log);
  state.onBatch = (v, rows) => metrics.batchRows.observe({ model: v.modelName, version: String(v.version) }, rows);
  const instance = cfg.VIGIL_SERVE_INSTANCE ?? `serve-${port}`;
  const spool = await Spool.open(path.resolve(cfg.VIGIL_SPOOL_DIR, instance), { rotateMs: cfg.VIGIL_SPOOL_ROTATE_MS, segmentBytes: 1024 * 1024, fsync: cfg.VIGIL_SERVE_DURABILITY === 'fsync' });
  const shipper = new LogShipper(spool, pool, cfg.VIGIL_SPOOL_ROTATE_MS, { onError: (e) => log(`log shipping paused: ${(e as Error).message}`) });
  const keys = new KeyCache(db);
  const rejections = new RejectionLog(pool);
  rejections.start();

  let ready = false;
  // Partitions for the coming days; the worker's maintenance job keeps them ahead too.
  await pool.query('SELECT vigil_ensure_prediction_partitions(1, 7)').catch((e) => log(`partition check failed: ${e.message}`));
  await state.refreshAll().catch((e) => log(`initial alias load failed: ${e.message}`));
  ready = true;
  const stopListen = listen(
    cfg.DATABASE_URL,
    {
      [ALIAS_CHANNEL]: (modelId) => void state.refreshModel(modelId),
      [SERVING_KEYS_CHANNEL]: (prefix) => keys.evictPrefix(prefix),
    },
    log,
    () => void state.refreshAll(),
  );
  const recheck = setInterval(() => void state.refreshAll().catch(() => {}), cfg.VIGIL_SERVE_RECHECK_MS);
  recheck.unref();
  shipper.start();

  const server = createServingServer({
    db,
    pool,
    state,
    spool,
    shipper,
    keys,
    metrics,
    registry,
    config: { unknownFields: cfg.VIGIL_SERVE_UNKNOWN_FIELDS, maxRows: cfg.VIGIL_SERVE_MAX_ROWS, maxBodyBytes: cfg.VIGIL_SERVE_MAX_BODY_BYTES, maxFeedbackLabels: 10_000 },
    ready: () => ready,
    log,
    rejections,
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
    close: async () => {
      clearInterval(recheck);
      stopListen();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
      shipper.stop();
      await rejections.stop();
      await shipper.drain().catch(() => {});
      await spool.close();
      await pool.end();
    },
  };
}
