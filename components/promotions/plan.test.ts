import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN, planSummary, planToRows, rowsToPlan } from './plan';

describe('rollout plan rows', () => {
  it('round-trips the default plan through the editor rows', () => {
    const rows = planToRows(DEFAULT_PLAN);
    expect(rows).toEqual([
      { percent: '10', minutes: '10' },
      { percent: '50', minutes: '10' },
      { percent: '100', minutes: '10' },
    ]);
    expect(rowsToPlan(rows)).toEqual({ plan: DEFAULT_PLAN });
  });

  it('refuses shares and minutes outside the server limits, naming the step', () => {
    expect(rowsToPlan([])).toEqual({ error: 'The plan needs at least one step.' });
    expect(rowsToPlan([{ percent: '0', minutes: '5' }])).toEqual({ error: 'Step 1: the share must be more than 0 and at most 100 %.' });
    expect(rowsToPlan([{ percent: '10', minutes: '5' }, { percent: '101', minutes: '5' }])).toEqual({ error: 'Step 2: the share must be more than 0 and at most 100 %.' });
    expect(rowsToPlan([{ percent: '10', minutes: '0.05' }])).toEqual({ error: 'Step 1: minutes must be between 0.1 and 10080.' });
    expect(rowsToPlan([{ percent: '10', minutes: '' }])).toEqual({ error: 'Step 1: minutes must be between 0.1 and 10080.' });
    expect(rowsToPlan([{ percent: '50', minutes: '1' }, { percent: '20', minutes: '1' }])).toEqual({ error: 'Step 2: a share lower than the step before would shrink the canary.' });
    expect(rowsToPlan([{ percent: '50', minutes: '1' }, { percent: '50', minutes: '1' }])).toEqual({ error: 'Step 2: the share must rise above the step before (merge equal steps into one).' });
  });

  it('accepts fractional percentages', () => {
    expect(rowsToPlan([{ percent: '2.5', minutes: '0.5' }])).toEqual({ plan: [{ share: 0.025, minutes: 0.5 }] });
  });

  it('summarises a plan', () => {
    expect(planSummary(DEFAULT_PLAN)).toBe('10% 10 min → 50% 10 min → 100% 10 min');
    expect(planSummary([{ share: 0.025, minutes: 1 }])).toBe('2.5% 1 min');
  });
});
