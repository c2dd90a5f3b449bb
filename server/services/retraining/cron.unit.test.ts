import { describe, expect, it } from 'vitest';
import { cronProblem } from './cron';

describe('cronProblem', () => {
  it('accepts the usual schedules', () => {
    for (const c of ['0 3 * * 1', '*/15 * * * *', '0 0 1 * *', '30 2 * * 1-5', '0 6,18 * * *', '0 0 * * 7', '0-30/10 * * * *']) expect(cronProblem(c), c).toBeNull();
  });
  it('names the field that is wrong', () => {
    expect(cronProblem('0 3 * *')).toMatch(/5 fields.*got 4/);
    expect(cronProblem('60 3 * * *')).toMatch(/^minute '60' is outside 0–59/);
    expect(cronProblem('0 24 * * *')).toMatch(/^hour '24'/);
    expect(cronProblem('0 3 0 * *')).toMatch(/^day of month '0'/);
    expect(cronProblem('0 3 * 13 *')).toMatch(/^month '13'/);
    expect(cronProblem('0 3 * * 8')).toMatch(/^day of week '8'/);
    expect(cronProblem('0 3 * * mon')).toMatch(/^day of week 'mon': write/);
    expect(cronProblem('5-1 * * * *')).toMatch(/runs backwards/);
    expect(cronProblem('*/0 * * * *')).toMatch(/step must be at least 1/);
    expect(cronProblem('x'.repeat(100000))).toMatch(/5 fields/);
  });
});
