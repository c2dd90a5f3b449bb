// The sign-in throttle's stand-in while Redis does not answer. Refusing every sign-in during a
// Redis outage would lock out the on-call engineer who needs the console to roll back; letting
// every attempt through would leave passwords unguarded. So this process keeps the same rule
// (signin-throttle.ts: per pair and per address, exponential backoff, capped at the window) in
// memory until Redis is back. It is per process — several web replicas each count on their own —
// which is weaker than the shared count, and is said so in the log line that announces it.
import type { Buckets, ThrottleConfig } from './signin-throttle';

interface Bucket {
  failures: number;
  /** When the failure count expires (the window, renewed by each attempt, as Redis's EXPIRE). */
  expiresAt: number;
  blockedUntil: number;
}

/** Most buckets kept: past it the oldest are dropped (a flood of addresses cannot grow memory without bound). */
const MAX_BUCKETS = 100_000;

export class LocalThrottle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  private get(key: string): Bucket | undefined {
    const b = this.buckets.get(key);
    if (b && b.expiresAt <= this.now() && b.blockedUntil <= this.now()) {
      this.buckets.delete(key);
      return undefined;
    }
    return b;
  }

  /** Same contract as reserveAttempt: 0, or the milliseconds to wait. */
  reserve(b: Buckets, cfg: ThrottleConfig): number {
    const keys = b.address ? [b.pair, b.address] : [b.pair];
    const limits = b.address ? [cfg.maxFailures, cfg.maxFailures * 4] : [cfg.maxFailures];
    const t = this.now();
    for (const k of keys) {
      const left = (this.get(k)?.blockedUntil ?? 0) - t;
      if (left > 0) return left;
    }
    keys.forEach((k, i) => {
      const bucket = this.get(k) ?? { failures: 0, expiresAt: 0, blockedUntil: 0 };
      bucket.failures++;
      bucket.expiresAt = t + cfg.windowSeconds * 1000;
      if (bucket.failures >= limits[i]) {
        bucket.blockedUntil = t + Math.min(cfg.windowSeconds * 1000, cfg.backoffSeconds * 1000 * 2 ** (bucket.failures - limits[i]));
      }
      this.buckets.delete(k);
      this.buckets.set(k, bucket);
    });
    while (this.buckets.size > MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value!);
    return 0;
  }

  release(b: Buckets): void {
    this.buckets.delete(b.pair);
    const a = b.address ? this.get(b.address) : undefined;
    if (a && a.failures > 0) a.failures--;
  }
}
