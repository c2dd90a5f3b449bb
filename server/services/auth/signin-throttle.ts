// Sign-in throttling, per (account, client address) and per address. Each attempt reserves its
// slot atomically in one Lua script before the password is checked, so parallel guesses cannot
// all pass a check made before any of them counted. Past the limit the pair waits, doubling with
// each further failure (capped at the window): the guesser backs off, while the same account
// signing in from any other address is not locked out by someone else's guesses.
import type { Redis } from 'ioredis';
import { redisKey } from '@/server/redis';

/** KEYS: (failures, block) per bucket. ARGV: per bucket limit; then base ms, cap ms, window s. */
const RESERVE = `
local n = #KEYS / 2
local base = tonumber(ARGV[n + 1])
local cap = tonumber(ARGV[n + 2])
local window = tonumber(ARGV[n + 3])
for i = 1, n do
  local left = redis.call('PTTL', KEYS[2 * i])
  if left > 0 then return left end
end
for i = 1, n do
  local limit = tonumber(ARGV[i])
  local count = redis.call('INCR', KEYS[2 * i - 1])
  redis.call('EXPIRE', KEYS[2 * i - 1], window)
  if count >= limit then
    local delay = math.min(cap, base * 2 ^ (count - limit))
    redis.call('SET', KEYS[2 * i], '1', 'PX', math.floor(delay))
  end
end
return 0
`;

export interface ThrottleConfig {
  maxFailures: number;
  windowSeconds: number;
  backoffSeconds: number;
}

export interface Buckets {
  pair: string;
  address?: string;
}

export function throttleBuckets(email: string, address: string): Buckets {
  // 'unknown' is every caller whose address could not be established; sharing one bucket
  // across accounts would let anyone block everyone, so it only has the per-account pair.
  return { pair: redisKey('signin', 'pair', email, address), address: address === 'unknown' ? undefined : redisKey('signin', 'addr', address) };
}

export const blockKey = (bucket: string) => `${bucket}:block`;

/** Reserves one attempt; returns 0, or the milliseconds to wait when a bucket is blocked. */
export async function reserveAttempt(redis: Redis, b: Buckets, cfg: ThrottleConfig): Promise<number> {
  const buckets = b.address ? [b.pair, b.address] : [b.pair];
  // Several people may share an office NAT: an address as a whole gets four times the limit.
  const limits = b.address ? [cfg.maxFailures, cfg.maxFailures * 4] : [cfg.maxFailures];
  const keys = buckets.flatMap((k) => [k, blockKey(k)]);
  const left = await redis.eval(RESERVE, keys.length, ...keys, ...limits, cfg.backoffSeconds * 1000, cfg.windowSeconds * 1000, cfg.windowSeconds);
  return Number(left);
}

const RELEASE = `
redis.call('DEL', KEYS[1], KEYS[2])
if #KEYS > 2 and redis.call('EXISTS', KEYS[3]) == 1 then redis.call('DECR', KEYS[3]) end
return 0
`;

/** After a successful sign-in: the pair starts afresh and the address gets its reserved slot back. */
export async function releaseAfterSuccess(redis: Redis, b: Buckets): Promise<void> {
  // DECR only an existing counter: one that expired meanwhile must not come back without a TTL.
  const keys = [b.pair, blockKey(b.pair), ...(b.address ? [b.address] : [])];
  await redis.eval(RELEASE, keys.length, ...keys);
}
