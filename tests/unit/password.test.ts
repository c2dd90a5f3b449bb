import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from '@/server/auth/password';

/** A hash made the way Vigil did before OWASP's parameters (N = 2^15). */
function legacyHash(password: string): string {
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(password, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return `scrypt$32768$8$1$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

describe('password hashing', () => {
  it('verifies the right password only, with a random salt per hash, at OWASP parameters (N=2^17, r=8, p=1)', async () => {
    const a = await hashPassword('open sesame 123');
    const b = await hashPassword('open sesame 123');
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$131072$8$1$')).toBe(true);
    expect(await verifyPassword('open sesame 123', a)).toBe(true);
    expect(await verifyPassword('open sesame 124', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
    expect(needsRehash(a)).toBe(false);
  });

  it('still verifies a hash with older parameters and marks it for rehashing', async () => {
    const old = legacyHash('open sesame 123');
    expect(await verifyPassword('open sesame 123', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
  });

  it('refuses stored parameters that would explode memory or CPU', async () => {
    const huge = `scrypt$${2 ** 24}$8$1$${crypto.randomBytes(16).toString('base64url')}$${crypto.randomBytes(32).toString('base64url')}`;
    expect(await verifyPassword('x', huge)).toBe(false);
  });
});
