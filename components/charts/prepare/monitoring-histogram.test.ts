import { describe, expect, it } from 'vitest';
import { prepareComparedHistogram, prepareSliceBars } from './monitoring-histogram';

describe('prepareComparedHistogram', () => {
  it('turns proportions into percentages with the change in points and finds the largest shift', () => {
    const h = prepareComparedHistogram([
      { label: '≤ 0', reference: 0.5, current: 0.1, currentCount: 20 },
      { label: '(0, 1]', reference: 0.3, current: 0.25, currentCount: 50 },
      { label: '> 1', reference: 0.2, current: 0.65, currentCount: 130 },
    ]);
    expect(h.bars).toEqual([
      { key: 'b0', label: '≤ 0', reference: 50, current: 10, currentCount: 20, change: -40 },
      { key: 'b1', label: '(0, 1]', reference: 30, current: 25, currentCount: 50, change: -5 },
      { key: 'b2', label: '> 1', reference: 20, current: 65, currentCount: 130, change: 45 },
    ]);
    expect(h.currentTotal).toBe(200);
    expect(h.largestShift?.label).toBe('> 1');
  });
  it('has no largest shift for an empty window', () => {
    const h = prepareComparedHistogram([{ label: 'a', reference: 1, current: 0, currentCount: 0 }]);
    expect(h.largestShift).toBeNull();
    expect(h.currentTotal).toBe(0);
  });
});

describe('prepareSliceBars', () => {
  it('keeps the largest groups, ties by name, in percent, and counts the rest', () => {
    const s = prepareSliceBars(
      [
        { group: 'M', n: 50, selectionRate: 0.1, meanScore: 0.123456 },
        { group: 'F', n: 50, selectionRate: 0.2, meanScore: 0.2 },
        { group: '(missing)', n: 3, selectionRate: 0, meanScore: 0.5 },
      ],
      2,
    );
    expect(s.bars).toEqual([
      { group: 'F', n: 50, selectionRate: 20, meanScore: 20 },
      { group: 'M', n: 50, selectionRate: 10, meanScore: 12.3456 },
    ]);
    expect(s.hidden).toBe(1);
  });
});
