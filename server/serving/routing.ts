// Which version answers a request: canary takes its share (sticky by request key when one is
// given, so a user keeps seeing one version), production the rest. Shadow never answers.
import crypto from 'node:crypto';
import type { LoadedVersion } from '@/server/scoring/load-version';
import type { ModelRoute } from './serving-state';

/** A stable number in [0, 1) for a request key. */
export function keyFraction(key: string): number {
  return crypto.createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}

export function chooseRoute(route: ModelRoute, requestKey: string | null, random = Math.random): { version: LoadedVersion; route: 'production' | 'canary' } | null {
  const c = route.canary;
  if (c && c.share > 0) {
    const u = requestKey ? keyFraction(requestKey) : random();
    if (u < c.share || !route.production) return { version: c.version, route: 'canary' };
  }
  return route.production ? { version: route.production, route: 'production' } : null;
}
