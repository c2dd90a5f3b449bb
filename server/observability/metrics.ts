// Prometheus metrics for this process (web, serve or worker each expose their own /metrics).
import client from 'prom-client';

const g = globalThis as unknown as { __vigilMetrics?: client.Registry };

/**
 * The process's registry. The entry point names the process (`web`, `serve`, `worker`); library
 * code that registers its metrics first calls it without a name.
 */
export function metricsRegistry(processName?: string): client.Registry {
  if (!g.__vigilMetrics) {
    const reg = new client.Registry();
    reg.setDefaultLabels({ process: processName ?? 'vigil' });
    client.collectDefaultMetrics({ register: reg });
    g.__vigilMetrics = reg;
  } else if (processName) g.__vigilMetrics.setDefaultLabels({ process: processName });
  return g.__vigilMetrics;
}
