import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { DEMO } from '@/server/demo/seed-demo';
import { trafficTick } from '@/server/demo/traffic/simulator';
import { redis } from '@/server/redis';
import { demoTrafficEnabled } from '@/server/services/settings/demo-traffic';
import { QUEUES } from '../contract';
import type { ProcessorSpec } from './index';

export const demoTrafficProcessor: ProcessorSpec = {
  queue: QUEUES.demoTraffic.name,
  async process() {
    const cfg = env();
    if (!cfg.VIGIL_DEMO_SERVING_KEY || !(await demoTrafficEnabled(db()))) return { skipped: true };
    return trafficTick(redis(), {
      serveUrl: cfg.VIGIL_SERVE_URL ?? `http://127.0.0.1:${cfg.VIGIL_SERVE_PORT}`,
      key: cfg.VIGIL_DEMO_SERVING_KEY,
      model: DEMO.model,
      requestsPerTick: cfg.VIGIL_DEMO_REQUESTS_PER_TICK,
      labelDelayMs: cfg.VIGIL_DEMO_LABEL_DELAY_SECONDS * 1000,
      shiftAfterMs: cfg.VIGIL_DEMO_SHIFT_AFTER_MINUTES * 60_000,
      rampMs: cfg.VIGIL_DEMO_SHIFT_RAMP_MINUTES * 60_000,
      seed: 1001,
      keyPrefix: cfg.VIGIL_REDIS_PREFIX,
    });
  },
};
