import { describe, expect, it } from 'vitest';
import { formatBytes, formatShare, formatStat, shortSha } from './format';

describe('dataset formatters', () => {
  it('formats byte sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(100 * 1024 * 1024)).toBe('100 MiB');
    expect(formatBytes(123456789)).toBe('118 MiB'); // 117.737… MiB
    expect(formatBytes(5 * 1024 ** 5)).toBe('5120 TiB');
  });

  it('formats shares, never rounding a non-zero share to zero', () => {
    expect(formatShare(0)).toBe('0.0%');
    expect(formatShare(0.02)).toBe('2.0%');
    expect(formatShare(0.0004)).toBe('<0.1%');
    expect(formatShare(1)).toBe('100.0%');
  });

  it('formats statistics and missing values', () => {
    expect(formatStat(null)).toBe('—');
    expect(formatStat(NaN)).toBe('—');
    expect(formatStat(0.28867513459481287)).toBe('0.2887');
    expect(formatStat(12345.6)).toBe('12350');
    expect(formatStat(-3)).toBe('-3');
  });

  it('shortens a SHA-256 to 12 hex digits', () => {
    expect(shortSha('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).toBe('e3b0c44298fc');
  });
});
