// Password hashing with scrypt (a slow, memory-hard hash from node:crypto; no native addon).
// Stored as `scrypt$N$r$p$salt$hash` so parameters can be raised later without breaking old
// hashes: sign-in rehashes a password whose stored parameters are below the current ones.
import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;
// OWASP Password Storage Cheat Sheet: N = 2^17, r = 8, p = 1 (128 MiB per hash). Hashing runs on
// libuv's thread pool (4 threads by default), so at most four hashes hold that memory at once.
const N = 2 ** 17;
const r = 8;
const p = 1;
const KEYLEN = 32;
const maxmem = 2 * 128 * N * r;
/** Stored parameters above these are refused rather than computed (a tampered row must not exhaust memory). */
const MAX_N = 2 ** 17;
const MAX_R = 16;
const MAX_P = 4;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password, salt, KEYLEN, { N, r, p, maxmem });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

function parse(stored: string) {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [, n, rr, pp, salt, hash] = parts;
  const params = { N: Number(n), r: Number(rr), p: Number(pp) };
  if (![params.N, params.r, params.p].every(Number.isSafeInteger) || params.N > MAX_N || params.r > MAX_R || params.p > MAX_P || params.N < 2) return null;
  return { ...params, salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const s = parse(stored);
  if (!s || s.hash.length === 0) return false;
  const got = await scrypt(password, s.salt, s.hash.length, { N: s.N, r: s.r, p: s.p, maxmem: 2 * 128 * s.N * s.r * s.p });
  return crypto.timingSafeEqual(got, s.hash);
}

/** True when the stored hash uses weaker parameters than new hashes do. */
export function needsRehash(stored: string): boolean {
  const s = parse(stored);
  return !!s && (s.N < N || s.r < r || s.p < p);
}

/** A hash of a random password, verified against when the email is unknown (equal timing). */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  return dummy;
}
