import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '@/server/auth/password';

describe('password hashing', () => {
  it('verifies the right password only, with a random salt per hash', async () => {
    const a = await hashPassword('open sesame 123');
    const b = await hashPassword('open sesame 123');
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await verifyPassword('open sesame 123', a)).toBe(true);
    expect(await verifyPassword('open sesame 124', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});
