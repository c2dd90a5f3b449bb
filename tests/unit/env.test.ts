import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '@/server/env';

const good = { DATABASE_URL: 'postgres://u@127.0.0.1:5432/vigil', REDIS_URL: 'redis://127.0.0.1:6379', NEXTAUTH_SECRET: 'x'.repeat(40) };

describe('configuration', () => {
  it('accepts a complete environment and fills defaults', () => {
    const e = parseEnv(good);
    expect(e.VIGIL_WEB_PORT).toBe(3000);
    expect(e.VIGIL_REDIS_PREFIX).toBe('vigil');
  });

  it('names each missing or wrong variable', () => {
    expect(() => parseEnv({ ...good, DATABASE_URL: undefined })).toThrow(/DATABASE_URL is missing/);
    expect(() => parseEnv({ ...good, REDIS_URL: 'http://x' })).toThrow(/REDIS_URL must be a URL starting with redis:\/\//);
    expect(() => parseEnv({ ...good, NEXTAUTH_SECRET: 'short' })).toThrow(/NEXTAUTH_SECRET must be at least 32/);
    expect(() => parseEnv({ ...good, VIGIL_WEB_PORT: '99999' })).toThrow(/VIGIL_WEB_PORT/);
    expect(() => parseEnv({ ...good, VIGIL_WEB_PORT: '99999' })).toThrow(ConfigError);
  });
});
