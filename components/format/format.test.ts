import { describe, expect, it } from 'vitest';
import { formatAbsolute, formatNumber, formatRelative } from './format';

describe('formatNumber', () => {
  it('groups integers, rounds others to significant digits, and dashes missing values', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(0.876543)).toBe('0.8765');
    expect(formatNumber(12.34567, 3)).toBe('12.3');
    expect(formatNumber(0.00001234)).toBe('1.234e-5');
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(undefined)).toBe('—');
    expect(formatNumber(NaN)).toBe('—');
    expect(formatNumber(Infinity)).toBe('—');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-11-30T12:00:00Z');
  it('names the largest whole unit, past and future', () => {
    expect(formatRelative(now - 5_000, now)).toBe('just now');
    expect(formatRelative(now - 45_000, now)).toBe('45 sec. ago');
    expect(formatRelative(now - 5 * 60_000, now)).toBe('5 min. ago');
    expect(formatRelative(now - 3 * 3600_000, now)).toBe('3 hr. ago');
    expect(formatRelative(now - 24 * 3600_000, now)).toBe('yesterday');
    expect(formatRelative(now + 2 * 3600_000, now)).toBe('in 2 hr.');
    expect(formatRelative('not a date', now)).toBe('—');
  });
});

describe('formatAbsolute', () => {
  it('is UTC to the second', () => {
    expect(formatAbsolute('2026-11-30T13:05:09.123Z')).toBe('2026-11-30 13:05:09 UTC');
    expect(formatAbsolute(new Date(NaN))).toBe('—');
  });
});
