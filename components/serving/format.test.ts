import { describe, expect, it } from 'vitest';
import { fmtMs, fmtShare, inputsSummary, parsePercent, previousProduction } from './format';

describe('inputsSummary', () => {
  it('lists the first inputs, marks missing values and counts the rest', () => {
    expect(inputsSummary({ x1: 1.23456789, x2: null, region: 'north' })).toBe('x1=1.235, x2=∅, region=north');
    expect(inputsSummary({ a: 1, b: 2, c: 3, d: 4, e: 5, f: '' }, 4)).toBe('a=1, b=2, c=3, d=4, … (2 more)');
    expect(inputsSummary(null)).toBe('');
  });
});

describe('formatting', () => {
  it('formats latency and shares', () => {
    expect(fmtMs(1.234)).toBe('1.23 ms');
    expect(fmtMs(42.6)).toBe('43 ms');
    expect(fmtMs(null)).toBe('—');
    expect(fmtShare(0.1)).toBe('10%');
    expect(fmtShare(0.125)).toBe('12.5%');
    expect(fmtShare(null)).toBe('—');
  });
  it('parses a percentage into a share', () => {
    expect(parsePercent('10')).toBe(0.1);
    expect(parsePercent('0')).toBe(0);
    expect(parsePercent('100')).toBe(1);
    expect(parsePercent('101')).toBeNull();
    expect(parsePercent('-1')).toBeNull();
    expect(parsePercent('ten')).toBeNull();
    expect(parsePercent(' ')).toBeNull();
  });
});

describe('previousProduction', () => {
  // Newest first, as trpc.aliases.history returns it.
  const history = [
    { alias: 'canary', fromVersion: null, toVersion: 3 },
    { alias: 'production', fromVersion: 1, toVersion: 2 },
    { alias: 'production', fromVersion: null, toVersion: 1 },
  ];
  it('is the version production came from when it moved to the current one', () => {
    expect(previousProduction(history, 2)).toBe(1);
  });
  it('is null for a first promotion, an unset production or a version never reached by a move', () => {
    expect(previousProduction(history, 1)).toBeNull();
    expect(previousProduction(history, null)).toBeNull();
    expect(previousProduction(history, 7)).toBeNull();
  });
  it('after a rollback to v1 the way back is v2 (rollback moves are production moves too)', () => {
    const after = [{ alias: 'production', fromVersion: 2, toVersion: 1 }, ...history];
    expect(previousProduction(after, 1)).toBe(2);
  });
});
