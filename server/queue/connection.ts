import type { ConnectionOptions } from 'bullmq';
import { env } from '@/server/env';

/** BullMQ connection options; every queue uses the configured key prefix. */
export function bullConnection(): { connection: ConnectionOptions; prefix: string } {
  const u = new URL(env().REDIS_URL);
  return {
    connection: {
      host: u.hostname,
      port: Number(u.port || 6379),
      username: u.username || undefined,
      password: u.password ? decodeURIComponent(u.password) : undefined,
      db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
      tls: u.protocol === 'rediss:' ? {} : undefined,
      maxRetriesPerRequest: null,
    },
    prefix: `${env().VIGIL_REDIS_PREFIX}:bull`,
  };
}
