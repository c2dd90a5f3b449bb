// Slice alert rules against hand-computed figures: per-group AUC from binaryMetrics on tiny
// groups (pairs counted by hand in the comments), selection-rate ratios, ties, groups under the
// minimum size, single-class groups and the pooled "(other)" group.
import { describe, expect, it } from 'vitest';
import type { AlertRule } from '@/server/db/schema';
import { binaryMetrics } from '@/server/ml/metrics/binary';
import { evaluateRule } from './alert-rules';
import { evaluateFairnessDisparity, evaluateSliceAucDrop, type SliceFigures } from './slice-rules';
import type { WindowReport } from './window-report';

const rule = (over: Partial<AlertRule>): AlertRule => ({
  id: 'r', modelId: 'm', name: 'r', metric: 'slice_auc_drop', feature: 'region', direction: 'above', threshold: 0.1, windowMinutes: 60, minSamples: 4, severity: 'warning', enabled: true, isDefault: false, createdAt: new Date(), ...over,
});

type Row = [group: string, label: number, score: number];
/** Figures the way sliceFiguresForRule builds them: AUC per group and over every row. */
function figures(column: string, rows: Row[]): SliceFigures {
  const by = new Map<string, Row[]>();
  for (const r of rows) by.set(r[0], [...(by.get(r[0]) ?? []), r]);
  const auc = (rs: Row[]) => binaryMetrics(rs.map((r) => r[1]), rs.map((r) => r[2])).auc;
  return {
    column,
    overall: { n: rows.length, labelled: rows.length, auc: auc(rows) },
    groups: [...by.entries()].map(([group, rs]) => ({ group, n: rs.length, labelled: rs.length, selectionRate: rs.filter((r) => r[2] >= 0.5).length / rs.length, auc: auc(rs) })),
  };
}

// a: positives .9 .8 over negatives .1 .2 → AUC 1.
// b: positive .4 beats .3, loses to .6; .7 beats both → 3/4 = 0.75.
// c: one class only → AUC undefined.
// d: positive .1 below negative .9 → AUC 0, but only 2 rows.
// Overall: positives .9 .8 .7 .4 .5 .5 .5 .1 (8), negatives .1 .2 .6 .3 .9 (5): .9 → 4 wins + a tie
// (4.5), .8 → 4, .7 → 4, .4 → 3, each .5 → 3 (9), .1 → a tie (0.5): 25 / 40 = 0.625.
const rows: Row[] = [
  ['a', 1, 0.9], ['a', 0, 0.1], ['a', 1, 0.8], ['a', 0, 0.2],
  ['b', 1, 0.4], ['b', 0, 0.6], ['b', 1, 0.7], ['b', 0, 0.3],
  ['c', 1, 0.5], ['c', 1, 0.5], ['c', 1, 0.5],
  ['d', 1, 0.1], ['d', 0, 0.9],
];

describe('slice_auc_drop', () => {
  it('measures each group against the overall AUC of the same sample', () => {
    const f = figures('region', rows);
    expect(f.overall.auc).toBeCloseTo(0.625, 12);
    expect(f.groups.find((g) => g.group === 'b')!.auc).toBeCloseTo(0.75, 12);
    expect(f.groups.find((g) => g.group === 'c')!.auc).toBeNull();
  });

  it('skips a group below the minimum labelled size and a single-class group', () => {
    // minSamples 4: d (2 rows) is not counted; c has no AUC. Worst counted group: b, 0.625 − 0.75.
    const out = evaluateSliceAucDrop(rule({}), [figures('region', rows)]);
    expect(out.state).toBe('ok');
    expect(out.value).toBeCloseTo(-0.125, 12);
    expect(out.detail).toMatchObject({ column: 'region', group: 'b' });
    // minSamples 2: d counts and its drop of 0.625 fires, named in the message; c never counts.
    const low = evaluateSliceAucDrop(rule({ minSamples: 2 }), [figures('region', rows)]);
    expect(low.state).toBe('firing');
    expect(low.value).toBeCloseTo(0.625, 12);
    expect(low.n).toBe(2);
    expect(low.message).toBe('online AUC of region = d is 0.000 against 0.625 overall (drop 0.625) over 2 labelled predictions in the last 60 min');
    const onlyC = evaluateSliceAucDrop(rule({ minSamples: 1 }), [figures('region', rows.filter((r) => r[0] === 'c' || r[0] === 'a'))]);
    expect(onlyC.detail).toMatchObject({ group: 'a' });
  });

  it('keeps the first group (code-point order) on a tie, never compares "(other)", and has nothing to say without groups', () => {
    const f: SliceFigures = {
      column: 'region',
      overall: { n: 300, labelled: 300, auc: 0.8 },
      groups: [
        { group: '(other)', n: 100, labelled: 100, selectionRate: 0.2, auc: 0.1 },
        { group: 'east', n: 100, labelled: 100, selectionRate: 0.2, auc: 0.6 },
        { group: 'west', n: 100, labelled: 100, selectionRate: 0.2, auc: 0.6 },
      ],
    };
    const out = evaluateSliceAucDrop(rule({}), [f]);
    expect(out).toMatchObject({ state: 'firing', n: 100, detail: { group: 'east' } });
    expect(out.value).toBeCloseTo(0.2, 12);
    expect(evaluateSliceAucDrop(rule({ minSamples: 101 }), [f]).state).toBe('insufficient_data');
    // The overall sample below the minimum: no comparison at all.
    expect(evaluateSliceAucDrop(rule({}), [{ ...f, overall: { n: 3, labelled: 3, auc: 0.8 } }]).state).toBe('insufficient_data');
  });
});

describe('fairness_disparity', () => {
  const fr = (over: Partial<AlertRule> = {}) => rule({ metric: 'fairness_disparity', direction: 'below', threshold: 0.8, minSamples: 50, ...over });
  const f = (groups: SliceFigures['groups']): SliceFigures => ({ column: 'region', overall: { n: 0, labelled: 0, auc: null }, groups });
  const g = (group: string, n: number, selectionRate: number) => ({ group, n, labelled: 0, selectionRate, auc: null });

  it('is the lowest selection rate over the highest among groups of the minimum size (four-fifths)', () => {
    // east (10 rows, rate 0) is below the minimum and "(other)" is pooled: 0.3 / 0.5 = 0.6.
    const out = evaluateFairnessDisparity(fr(), [f([g('(other)', 200, 0), g('east', 10, 0), g('north', 100, 0.5), g('south', 120, 0.3)])]);
    expect(out.state).toBe('firing');
    expect(out.value).toBeCloseTo(0.6, 12);
    expect(out.n).toBe(100);
    expect(out.message).toBe('selection rate of region = south is 30.0% (120 predictions) against 50.0% for region = north (100): ratio 0.600 in the last 60 min');
    expect(out.detail).toMatchObject({ group: 'south', referenceGroup: 'north' });
    // 0.45 / 0.5 = 0.9: above the line.
    expect(evaluateFairnessDisparity(fr(), [f([g('north', 100, 0.5), g('south', 120, 0.45)])])).toMatchObject({ state: 'ok' });
  });

  it('ties keep the first group; nobody selected is no disparity; one group is not enough', () => {
    const tie = evaluateFairnessDisparity(fr(), [f([g('a', 60, 0.2), g('b', 60, 0.2), g('c', 60, 0.4)])]);
    expect(tie.detail).toMatchObject({ group: 'a', referenceGroup: 'c' });
    expect(tie.value).toBeCloseTo(0.5, 12);
    expect(evaluateFairnessDisparity(fr(), [f([g('a', 60, 0), g('b', 60, 0)])])).toMatchObject({ state: 'ok', value: 1 });
    expect(evaluateFairnessDisparity(fr(), [f([g('a', 60, 0.1), g('b', 10, 0.9)])]).state).toBe('insufficient_data');
  });

  it('takes the worst of several columns', () => {
    const out = evaluateFairnessDisparity(fr(), [f([g('a', 60, 0.4), g('b', 60, 0.5)]), { ...f([g('x', 60, 0.1), g('y', 60, 0.5)]), column: 'channel' }]);
    expect(out.detail).toMatchObject({ column: 'channel', group: 'x' });
    expect(out.value).toBeCloseTo(0.2, 12);
  });
});

describe('slice rules through evaluateRule', () => {
  it('say so when the model has no slice column', () => {
    const out = evaluateRule(rule({ feature: null }), { task: 'binary' } as WindowReport, { slices: null });
    expect(out.state).toBe('not_applicable');
    expect(out.message).toContain('slice column');
    expect(evaluateRule(rule({}), { task: 'binary' } as WindowReport, { slices: [] }).message).toContain('looks like an identifier');
    expect(evaluateRule(rule({ minSamples: 2 }), { task: 'binary' } as WindowReport, { slices: [figures('region', rows)] }).state).toBe('firing');
  });
});
