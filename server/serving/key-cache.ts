// Serving-key checks with a short cache, so the hot path does not query Postgres per request.
// Revocation is pushed (NOTIFY → evict) and the TTL bounds staleness if a notification is lost.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/server/db/client';
import { servingKeys } from '@/server/db/schema';
import { logger } from '@/server/observability/logger';
import { verifyServingKey, type ServingKeyGrant } from '@/server/services/serving-keys/serving-keys';

const log = logger({ component: 'serving-keys' });

export class KeyCache {
  private cache = new Map<string, { grant: ServingKeyGrant | null; at: number }>();
  private lastUsedWrite = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 10_000,
  ) {}

  async check(key: string): Promise<ServingKeyGrant | null> {
    const hit = this.cache.get(key);
    const now = Date.now();
    let grant: ServingKeyGrant | null;
    if (hit && now - hit.at < this.ttlMs) grant = hit.grant;
    else {
      try {
        grant = await verifyServingKey(this.db, key);
      } catch (e) {
        // Postgres unreachable: keep answering with what we last knew of this key (predictions
        // go to the spool meanwhile); an unknown key cannot be checked and is refused upstream.
        if (hit) return hit.grant;
        throw e;
      }
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(key, { grant, at: now });
    }
    if (grant && now - (this.lastUsedWrite.get(grant.keyId) ?? 0) > 60_000) {
      this.lastUsedWrite.set(grant.keyId, now);
      void this.db.update(servingKeys).set({ lastUsedAt: sql`now()` }).where(eq(servingKeys.id, grant.keyId)).catch((e: unknown) => log.warn({ err: e }, 'could not record a key\'s last use'));
    }
    return grant;
  }

  /** Drops cached entries of a key prefix (on revocation). */
  evictPrefix(prefix: string): void {
    for (const k of this.cache.keys()) if (k.startsWith(`vsk_${prefix}_`)) this.cache.delete(k);
  }
}
