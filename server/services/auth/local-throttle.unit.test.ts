import { describe, expect, it } from 'vitest';
import { LocalThrottle } from './local-throttle';

const cfg = { maxFailures: 3, windowSeconds: 60, backoffSeconds: 2 };

describe('LocalThrottle (sign-in throttle while Redis is down)', () => {
  it('blocks a pair after the limit, doubling the wait, capped at the window; other addresses are not blocked', () => {
    let t = 0;
    const th = new LocalThrottle(() => t);
    const pair = { pair: 'p:a@x:1.2.3.4', address: 'a:1.2.3.4' };
    expect(th.reserve(pair, cfg)).toBe(0);
    expect(th.reserve(pair, cfg)).toBe(0);
    expect(th.reserve(pair, cfg)).toBe(0); // the third failure sets a 2 s block
    expect(th.reserve(pair, cfg)).toBe(2000);
    t = 2000;
    expect(th.reserve(pair, cfg)).toBe(0); // fourth attempt: 4 s block
    expect(th.reserve(pair, cfg)).toBe(4000);
    expect(th.reserve({ pair: 'p:a@x:5.6.7.8', address: 'a:5.6.7.8' }, cfg)).toBe(0);
    t = 2000 + 4000;
    for (let i = 0; i < 10; i++) {
      const wait = th.reserve(pair, cfg);
      expect(wait).toBeLessThanOrEqual(60_000);
      t += wait;
    }
  });

  it('a success clears the pair; the count expires after the window', () => {
    let t = 0;
    const th = new LocalThrottle(() => t);
    const pair = { pair: 'p', address: 'a' };
    th.reserve(pair, cfg);
    th.reserve(pair, cfg);
    th.release(pair);
    expect(th.reserve(pair, cfg)).toBe(0);
    expect(th.reserve(pair, cfg)).toBe(0);
    t = 61_000;
    expect(th.reserve(pair, cfg)).toBe(0);
    expect(th.reserve(pair, cfg)).toBe(0);
  });
});
