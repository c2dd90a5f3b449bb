// VIGIL_SERVE_WORKERS > 1: the primary of a node:cluster of serving processes sharing one port.
// The primary serves nothing itself: it forks the workers (each told its index, hence its own
// spool), restarts one that dies (its restart ships what its spool holds, as after a kill -9 of a
// single serving process), answers the workers' requests for cluster-wide metrics (prom-client's
// AggregatorRegistry: counters and histograms summed across workers), and on SIGTERM/SIGINT
// stops every worker (each drains its spool into Postgres) before exiting.
//
// A worker that exits before it ever became ready (bad configuration, port taken, Postgres
// unreachable at start) stops the whole cluster with exit code 1: restarting it would loop.
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { logger } from '@/server/observability/logger';

const log = logger({ component: 'serve-cluster' });

/** Messages between a worker and the primary. */
export type ClusterMessage =
  | { type: 'vigil:ready'; port: number }
  | { type: 'vigil:metrics-req'; id: number }
  | { type: 'vigil:metrics-res'; id: number; text?: string; contentType?: string; error?: string };

export function isClusterMessage(m: unknown): m is ClusterMessage {
  return typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string' && (m as { type: string }).type.startsWith('vigil:');
}

export async function runServePrimary(workers: number): Promise<void> {
  const aggregator = new AggregatorRegistry();
  const indexOf = new Map<number, number>(); // cluster worker id → serving worker index
  const everReady = new Set<number>();
  const startedAt = new Map<number, number>();
  const restartDelay = new Map<number, number>();
  let stopping = false;
  let exitCode = 0;

  const fork = (index: number): Worker => {
    const w = cluster.fork({ VIGIL_SERVE_WORKER_INDEX: String(index) });
    indexOf.set(w.id, index);
    startedAt.set(index, Date.now());
    w.on('message', (m: unknown) => {
      if (!isClusterMessage(m)) return;
      if (m.type === 'vigil:ready') {
        everReady.add(index);
        log.info({ worker: index, pid: w.process.pid, port: m.port }, 'serving worker ready');
      } else if (m.type === 'vigil:metrics-req') {
        aggregator
          .clusterMetrics()
          .then((text) => w.isConnected() && w.send({ type: 'vigil:metrics-res', id: m.id, text, contentType: aggregator.contentType } satisfies ClusterMessage))
          .catch((e: unknown) => w.isConnected() && w.send({ type: 'vigil:metrics-res', id: m.id, error: (e as Error).message } satisfies ClusterMessage));
      }
    });
    return w;
  };

  let exitAll: (code: number) => void = () => {};
  const finished = new Promise<number>((r) => (exitAll = r));
  const alive = () => Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead()).length;

  cluster.on('exit', (w, code, signal) => {
    const index = indexOf.get(w.id);
    indexOf.delete(w.id);
    if (index === undefined) return;
    if (stopping) {
      if (alive() === 0) exitAll(0);
      return;
    }
    if (!everReady.has(index)) {
      log.fatal({ worker: index, code, signal }, 'a serving worker exited before it was ready; stopping the cluster (see its log above)');
      stopping = true;
      exitCode = 1;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      if (alive() === 0) exitAll(1);
      setTimeout(() => exitAll(1), 30_000).unref();
      return;
    }
    // A crash loop backs off (0.2 s doubling to 5 s); a worker that ran a minute starts over at 0.2 s.
    const ranMs = Date.now() - (startedAt.get(index) ?? 0);
    const delay = ranMs > 60_000 ? 200 : Math.min(5000, (restartDelay.get(index) ?? 100) * 2);
    restartDelay.set(index, delay);
    log.error({ worker: index, pid: w.process.pid, code, signal, restartInMs: delay }, 'serving worker died; restarting it (its spool ships on start)');
    setTimeout(() => {
      if (!stopping) fork(index);
    }, delay);
  });

  for (let i = 0; i < workers; i++) fork(i);
  log.info({ workers }, 'serving cluster started');

  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (stopping) return;
      stopping = true;
      log.info({ signal: sig }, 'stopping serving workers (each ships its spool)');
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
      if (alive() === 0) exitAll(0);
    });
  }
  const code = await finished;
  process.exit(exitCode || code);
}

/** In a worker: asks the primary for the cluster's metrics (text exposition), or throws. */
export function clusterMetricsFromPrimary(timeoutMs = 6000): Promise<{ text: string; contentType: string }> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => {
      if (!isClusterMessage(m) || m.type !== 'vigil:metrics-res' || m.id !== id) return;
      clearTimeout(timer);
      process.off('message', onMessage);
      if (m.error !== undefined || m.text === undefined) reject(new Error(m.error ?? 'no metrics'));
      else resolve({ text: m.text, contentType: m.contentType ?? 'text/plain' });
    };
    const timer = setTimeout(() => {
      process.off('message', onMessage);
      reject(new Error('the serving primary did not answer in time'));
    }, timeoutMs);
    process.on('message', onMessage);
    process.send!({ type: 'vigil:metrics-req', id } satisfies ClusterMessage);
  });
}
let nextId = 1;
