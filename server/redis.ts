// Redis connections. Every key Vigil writes starts with VIGIL_REDIS_PREFIX, so the test suite
// and the demo can share a Redis server without touching each other's keys.
import { Redis } from 'ioredis';
import { env } from '@/server/env';
import { appMetrics } from '@/server/observability/app-metrics';
import { logger } from '@/server/observability/logger';
import { connectionErrorThrottle } from '@/server/observability/log-throttle';

export function createRedis(opts: { forBullMQ?: boolean } = {}): Redis {
  return new Redis(env().REDIS_URL, {
    // BullMQ workers block on Redis and must retry forever rather than fail a command.
    maxRetriesPerRequest: opts.forBullMQ ? null : 3,
    enableOfflineQueue: true,
    lazyConnect: false,
  });
}

export function redisKey(...parts: string[]): string {
  return [env().VIGIL_REDIS_PREFIX, ...parts].join(':');
}

const g = globalThis as unknown as { __vigilRedis?: Redis };
export function redis(): Redis {
  if (!g.__vigilRedis) {
    g.__vigilRedis = createRedis();
    g.__vigilRedis.on('error', (e) => {
      appMetrics().swallowed.inc({ component: 'redis' });
      // ioredis reports every reconnect attempt during an outage: one line per interval.
      connectionErrorThrottle().hit('redis', (suppressed) => logger({ component: 'redis' }).warn({ err: e, ...(suppressed ? { suppressed } : {}) }, 'redis connection error'));
    });
  }
  return g.__vigilRedis;
}
