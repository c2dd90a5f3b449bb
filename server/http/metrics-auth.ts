// The optional bearer token of every process's /metrics (VIGIL_METRICS_TOKEN): when set, a
// scrape must send `Authorization: Bearer <token>`; when unset, /metrics is open (loopback or a
// private network is then the protection).
import crypto from 'node:crypto';
import { env } from '@/server/env';

/** True when the Authorization header may read /metrics. */
/** `token` defaults to VIGIL_METRICS_TOKEN; an empty one means none is configured. */
export function metricsAuthorized(authorization: string | null | undefined, token: string | undefined = env().VIGIL_METRICS_TOKEN): boolean {
  if (!token) return true;
  const m = /^Bearer (.+)$/.exec(authorization ?? '');
  if (!m) return false;
  const a = crypto.createHash('sha256').update(m[1].trim()).digest();
  const b = crypto.createHash('sha256').update(token).digest();
  return crypto.timingSafeEqual(a, b);
}
