// Prometheus metrics for this process (web, serve or worker each expose their own /metrics).
import client from 'prom-client';

const g = globalThis as unknown as { __vigilMetrics?: client.Registry };

export function metricsRegistry(processName: string): client.Registry {
  if (!g.__vigilMetrics) {
    const reg = new client.Registry();
    reg.setDefaultLabels({ process: processName });
    client.collectDefaultMetrics({ register: reg });
    g.__vigilMetrics = reg;
  }
  return g.__vigilMetrics;
}
