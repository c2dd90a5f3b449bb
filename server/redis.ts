// Redis connections. Every key Vigil writes starts with VIGIL_REDIS_PREFIX, so the test suite
// and the demo can share a Redis server without touching each other's keys.
import { Redis } from 'ioredis';
import { env } from '@/server/env';
import { logHandled } from '@/server/observability/handled';

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
    g.__vigilRedis.on('error', logHandled('redis', 'redis connection error'));
  }
  return g.__vigilRedis;
}
