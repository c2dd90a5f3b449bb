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

  it('names a wrong trusted-proxy list and reads the webhook private-target switch', () => {
    expect(() => parseEnv({ ...good, VIGIL_TRUSTED_PROXIES: '10.0.0.0/8, nonsense' })).toThrow(/VIGIL_TRUSTED_PROXIES must be a comma-separated list/);
    expect(parseEnv({ ...good, VIGIL_TRUSTED_PROXIES: '10.0.0.0/8, ::1' }).VIGIL_TRUSTED_PROXIES).toBe('10.0.0.0/8, ::1');
    expect(parseEnv(good).VIGIL_WEBHOOK_ALLOW_PRIVATE).toBe(false);
    expect(parseEnv({ ...good, VIGIL_WEBHOOK_ALLOW_PRIVATE: 'true' }).VIGIL_WEBHOOK_ALLOW_PRIVATE).toBe(true);
    expect(() => parseEnv({ ...good, VIGIL_WEBHOOK_ALLOW_PRIVATE: 'yes please' })).toThrow(/VIGIL_WEBHOOK_ALLOW_PRIVATE/);
  });

  it('names a wrong worker capability or GPU list', () => {
    expect(parseEnv({ ...good, VIGIL_WORKER_CAPABILITIES: 'cpu,gpu', VIGIL_WORKER_GPUS: '0,1' })).toMatchObject({ VIGIL_WORKER_CAPABILITIES: 'cpu,gpu', VIGIL_WORKER_GPUS: '0,1' });
    expect(() => parseEnv({ ...good, VIGIL_WORKER_CAPABILITIES: 'cpu,tpu' })).toThrow(/VIGIL_WORKER_CAPABILITIES must be a comma-separated list of cpu, gpu/);
    expect(() => parseEnv({ ...good, VIGIL_WORKER_GPUS: 'all' })).toThrow(/VIGIL_WORKER_GPUS must be a comma-separated list of device indices/);
  });

  it('reads VIGIL_SERVE_WORKERS as 1–64 or auto and names anything else', () => {
    expect(parseEnv(good).VIGIL_SERVE_WORKERS).toBe(1);
    expect(parseEnv({ ...good, VIGIL_SERVE_WORKERS: '4' }).VIGIL_SERVE_WORKERS).toBe(4);
    expect(parseEnv({ ...good, VIGIL_SERVE_WORKERS: ' 64 ' }).VIGIL_SERVE_WORKERS).toBe(64);
    const auto = parseEnv({ ...good, VIGIL_SERVE_WORKERS: 'auto' }).VIGIL_SERVE_WORKERS;
    expect(auto).toBeGreaterThanOrEqual(1);
    expect(auto).toBeLessThanOrEqual(64);
    for (const bad of ['0', '65', '1000', 'two', '2.5', '-1', '1e1', '0x2', 'AUTO', '2 workers']) {
      expect(() => parseEnv({ ...good, VIGIL_SERVE_WORKERS: bad }), bad).toThrow(/VIGIL_SERVE_WORKERS must be a whole number of serving processes from 1 to 64, or auto/);
    }
  });
});
