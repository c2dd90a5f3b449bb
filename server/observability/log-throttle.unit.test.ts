import { describe, expect, it } from 'vitest';
import { logThrottle } from './log-throttle';

describe('logThrottle', () => {
  it('logs the first error at once, holds back repeats within the interval and reports how many', () => {
    let t = 0;
    const th = logThrottle(1000, () => t);
    const lines: [string, number][] = [];
    const emit = (key: string) => th.hit(key, (held) => lines.push([key, held]));
    expect(emit('redis')).toBe(true);
    for (let i = 0; i < 500; i++) {
      t += 1;
      emit('redis');
    }
    expect(lines).toEqual([['redis', 0]]);
    t = 1000;
    expect(emit('redis')).toBe(true);
    expect(lines).toEqual([['redis', 0], ['redis', 500]]);
    // Keys are independent: another queue's first error is not held back.
    expect(emit('queue:train')).toBe(true);
    t = 5000;
    emit('redis');
    expect(lines.at(-1)).toEqual(['redis', 0]);
  });
});
