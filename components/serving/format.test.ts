import { describe, expect, it } from 'vitest';
import { fmtMs, fmtShare, inputsSummary, parsePercent } from './format';

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
