import { describe, expect, it } from 'vitest';
import { alertFeature, alertFeatures, bannerText, fmtDuration, fmtPct, fmtStat, monitoringHref } from './format';

describe('monitoring format', () => {
  it('formats shares, statistics and durations, with dashes for missing values', () => {
    expect(fmtPct(0.1234)).toBe('12.3%');
    expect(fmtPct(1, 0)).toBe('100%');
    expect(fmtPct(null)).toBe('—');
    expect(fmtPct(Number.NaN)).toBe('—');
    expect(fmtStat(0.10004)).toBe('0.100');
    expect(fmtStat(undefined)).toBe('—');
    expect(fmtDuration(61.4)).toBe('61 s');
    expect(fmtDuration(600)).toBe('10.0 min');
    expect(fmtDuration(7200)).toBe('2.0 h');
    expect(fmtDuration(null)).toBe('—');
  });

  it('finds the feature an alert is about', () => {
    expect(alertFeature({ feature: 'x2' })).toBe('x2');
    expect(alertFeature({ driftedFeatures: ['x1', 'x2'] })).toBe('x1');
    expect(alertFeature({ driftedFeatures: [] })).toBeNull();
    expect(alertFeature(null)).toBeNull();
    expect(alertFeature('x1')).toBeNull();
    expect(alertFeatures({ driftedFeatures: ['x1', 3, 'x2'] })).toEqual(['x1', 'x2']);
    expect(alertFeatures({ feature: 'x2', driftedFeatures: ['x1'] })).toEqual(['x2']);
  });

  it('builds monitoring links and the banner text', () => {
    expect(monitoringHref({ model: 'loan default', feature: 'a&b' })).toBe('/monitoring?model=loan+default&feature=a%26b');
    expect(monitoringHref({ model: 'm', window: '6h' })).toBe('/monitoring?model=m&window=6h');
    expect(bannerText(1, 'input drift')).toBe('1 alert firing — input drift');
    expect(bannerText(3, 'x')).toBe('3 alerts firing — x');
  });
});
