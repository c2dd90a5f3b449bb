import { describe, expect, it } from 'vitest';
import type { GroupIntervals } from '@/server/ml/fairness/bootstrap';
import { fairnessReport, type FairnessReport } from '@/server/ml/fairness/report';
import { compareGroups, disparityFlag, groupRows, selectionRateBars, signed, withInterval } from './fairness-groups';

// Hand-checkable data: group a (4 rows) selects 2 of 4, group b (2 rows) selects 0 of 2.
// a: y = 1,1,0,0 scores .9,.2,.8,.1 → tp 1, fn 1, fp 1, tn 1: selection .5, tpr .5, fpr .5
// b: y = 1,0 scores .3,.4 → tp 0, fn 1, fp 0, tn 1: selection 0, tpr 0, fpr 0
const y = [1, 1, 0, 0, 1, 0];
const p = [0.9, 0.2, 0.8, 0.1, 0.3, 0.4];
const g = ['a', 'a', 'a', 'a', 'b', 'b'];
const report = fairnessReport(y, p, g, { threshold: 0.5 });
const intervals: GroupIntervals[] = [
  { group: 'a', n: 4, selection_rate: { lo: 0.25, hi: 0.75 }, tpr: { lo: 0, hi: 1 }, fpr: null, precision: null, accuracy: { lo: 0.25, hi: 0.75 } },
  { group: 'b', n: 2, selection_rate: { lo: 0, hi: 0 }, tpr: null, fpr: null, precision: null, accuracy: null },
];

describe('withInterval', () => {
  it('adds the interval for a small group and leaves large groups as point estimates', () => {
    expect(withInterval(0.42, { lo: 0.31, hi: 0.55 }, 120)).toBe('0.420 (0.310–0.550)');
    expect(withInterval(0.42, { lo: 0.41, hi: 0.43 }, 5000)).toBe('0.420');
    expect(withInterval(0.42, null, 10)).toBe('0.420');
    expect(withInterval(null, { lo: 0, hi: 1 }, 10)).toBe('–');
  });
});

describe('disparityFlag', () => {
  it('uses the closed band [0.8, 1.25] with the server rounding allowance', () => {
    expect(disparityFlag(0.24 / 0.3)).toBe('ok'); // 0.7999999999999999 in floating point
    expect(disparityFlag(0.79)).toBe('low');
    expect(disparityFlag(1.25)).toBe('ok');
    expect(disparityFlag(1.26)).toBe('high');
    expect(disparityFlag(null)).toBeNull();
  });
});

describe('groupRows', () => {
  it('formats each rate, marks the reference and lists disparities outside the band', () => {
    const rows = groupRows(report, intervals);
    expect(rows.map((r) => r.group)).toEqual(['a', 'b']);
    expect(rows[0].isReference).toBe(true);
    expect(rows[0].cells.selection_rate).toBe('0.500 (0.250–0.750)');
    expect(rows[0].cells.fpr).toBe('0.500');
    expect(rows[0].outside).toEqual([]);
    // b vs a: selection 0/0.5 = 0, tpr 0/0.5 = 0, fpr 0/0.5 = 0; precision undefined for b.
    expect(rows[1].disparity).toEqual({ selection_rate: 0, tpr: 0, fpr: 0, precision: null });
    expect(rows[1].outside).toEqual(['selection_rate', 'tpr', 'fpr']);
    expect(rows[1].cells.precision).toBe('–');
    expect(rows[1].parity_ok).toBe(false);
  });
});

describe('selectionRateBars', () => {
  it('turns intervals into whisker deltas below and above the rate', () => {
    const bars = selectionRateBars(report, intervals);
    expect(bars[0]).toEqual({ group: 'a', rate: 0.5, error: [0.25, 0.25], lo: 0.25, hi: 0.75, parityOk: true });
    expect(bars[1]).toEqual({ group: 'b', rate: 0, error: [0, 0], lo: 0, hi: 0, parityOk: false });
    expect(selectionRateBars(report, null)[0].error).toEqual([0, 0]);
  });
});

describe('compareGroups', () => {
  it('pairs groups of two versions, b − a per metric, and flags a newly broken band', () => {
    // The second version selects b's second row too: b selection 0.5, fpr 1.
    const other = fairnessReport(y, [0.9, 0.2, 0.8, 0.1, 0.3, 0.6], g, { threshold: 0.5 });
    const onlyA: FairnessReport = { ...report, groups: report.groups.filter((x) => x.group === 'a') };
    const rows = compareGroups(onlyA, other);
    expect(rows.map((r) => r.group)).toEqual(['a', 'b']);
    expect(rows[0].delta.selection_rate).toBe(0);
    expect(rows[0].delta.tpr).toBe(0);
    expect(rows[0].newlyOutside).toBe(false);
    expect(rows[1].a).toBeNull();
    expect(rows[1].delta.selection_rate).toBeNull();
    // b in `other`: selection 0.5 vs a 0.5 → 1; tpr 0 → 0 (outside); so newly outside (no a side).
    expect(rows[1].b?.parity_ok).toBe(false);
    expect(rows[1].newlyOutside).toBe(true);
    const full = compareGroups(report, other);
    expect(full[1].delta.selection_rate).toBe(0.5);
    expect(full[1].delta.fpr).toBe(1);
    expect(full[1].newlyOutside).toBe(false); // already outside in the first version
  });
});

describe('signed', () => {
  it('prints a sign and never "-0.000"', () => {
    expect(signed(0.05)).toBe('+0.050');
    expect(signed(-0.12)).toBe('−0.120');
    expect(signed(-0.00001)).toBe('0.000');
    expect(signed(null)).toBe('–');
  });
});
