import { describe, expect, it } from 'vitest';

describe('session cookies', () => {
  it('are Secure (and __Secure- prefixed by next-auth) when NEXTAUTH_URL is https', async () => {
    Object.assign(process.env, { DATABASE_URL: 'postgres://u@127.0.0.1:1/x', REDIS_URL: 'redis://127.0.0.1:1', NEXTAUTH_SECRET: 'x'.repeat(40), NEXTAUTH_URL: 'https://vigil.example.com' });
    const { authOptions, secureCookiesFor } = await import('@/server/auth/options');
    expect(authOptions().useSecureCookies).toBe(true);
    expect(secureCookiesFor('http://localhost:3000')).toBe(false);
    expect(secureCookiesFor(undefined)).toBe(false);
  });
});
