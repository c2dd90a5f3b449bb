// Alert rules on per-slice figures: a group's online AUC below the overall one
// (slice_auc_drop) and the online selection-rate ratio of the worst group to the best one
// (fairness_disparity, four-fifths style). Both read the Slices view's bounded sample (top
// groups + "(other)") so an alert and the view it links to show the same numbers. The pooled
// "(other)" group is a mix of small groups, not a group of people, and is never compared.
import type { AlertRule } from '@/server/db/schema';
import { OTHER_GROUP } from '@/server/ml/data/group-cap';
import type { RuleOutcome } from './alert-rules';

/** What a slice rule needs from one column's slice report. */
export interface SliceFigures {
  column: string;
  overall: { n: number; labelled: number; auc: number | null };
  groups: { group: string; n: number; labelled: number; selectionRate: number; auc: number | null }[];
}

/** Metrics evaluated from slice figures. */
export const PER_SLICE_METRICS: ReadonlySet<string> = new Set(['slice_auc_drop', 'fairness_disparity']);

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const crosses = (rule: AlertRule, v: number) => (rule.direction === 'above' ? v >= rule.threshold : v <= rule.threshold);
/** The worse value for the rule's direction: larger for "above", smaller for "below". */
const worse = (rule: AlertRule, a: number, b: number) => (rule.direction === 'above' ? a > b : a < b);

interface Candidate {
  column: string;
  value: number;
  n: number;
  message: string;
  detail: Record<string, unknown>;
}

function outcome(rule: AlertRule, cands: Candidate[], window: string, none: string): RuleOutcome {
  if (!cands.length) return { state: 'insufficient_data', value: null, n: 0, message: none };
  // Ties keep the first (columns in rule order, groups in code-point order): stable messages.
  const worst = cands.reduce((a, b) => (worse(rule, b.value, a.value) ? b : a));
  return { state: crosses(rule, worst.value) ? 'firing' : 'ok', value: worst.value, n: worst.n, message: `${worst.message} ${window}`, detail: { column: worst.column, ...worst.detail } };
}

/**
 * Online AUC of each group (with at least minSamples labelled predictions and both classes:
 * AUC is undefined on one class, so such a group is not counted) against the overall AUC of
 * the same sample. The value is the largest drop, overall minus group.
 */
export function evaluateSliceAucDrop(rule: AlertRule, slices: readonly SliceFigures[]): RuleOutcome {
  const cands: Candidate[] = [];
  for (const s of slices) {
    if (s.overall.auc === null || s.overall.labelled < rule.minSamples) continue;
    const overall = s.overall.auc;
    for (const g of s.groups) {
      if (g.group === OTHER_GROUP || g.labelled < rule.minSamples || g.auc === null) continue;
      const drop = overall - g.auc;
      cands.push({
        column: s.column,
        value: drop,
        n: g.labelled,
        message: `online AUC of ${s.column} = ${g.group} is ${g.auc.toFixed(3)} against ${overall.toFixed(3)} overall (drop ${drop.toFixed(3)}) over ${g.labelled} labelled predictions`,
        detail: { group: g.group, groupAuc: g.auc, overallAuc: overall, labelled: g.labelled },
      });
    }
  }
  return outcome(rule, cands, `in the last ${rule.windowMinutes} min`, `no group with ${rule.minSamples} labelled predictions of both classes`);
}

/**
 * Selection rate (share predicted positive) of each group with at least minSamples
 * predictions; the value is the lowest rate divided by the highest (1 when no group is
 * selected at all: no disparity). Needs two groups to compare.
 */
export function evaluateFairnessDisparity(rule: AlertRule, slices: readonly SliceFigures[]): RuleOutcome {
  const cands: Candidate[] = [];
  for (const s of slices) {
    const groups = s.groups.filter((g) => g.group !== OTHER_GROUP && g.n >= rule.minSamples);
    if (groups.length < 2) continue;
    const best = groups.reduce((a, b) => (b.selectionRate > a.selectionRate ? b : a));
    const low = groups.reduce((a, b) => (b.selectionRate < a.selectionRate ? b : a));
    const ratio = best.selectionRate === 0 ? 1 : low.selectionRate / best.selectionRate;
    cands.push({
      column: s.column,
      value: ratio,
      n: Math.min(low.n, best.n),
      message: `selection rate of ${s.column} = ${low.group} is ${pct(low.selectionRate)} (${low.n} predictions) against ${pct(best.selectionRate)} for ${s.column} = ${best.group} (${best.n}): ratio ${ratio.toFixed(3)}`,
      detail: { group: low.group, referenceGroup: best.group, selectionRate: low.selectionRate, referenceSelectionRate: best.selectionRate },
    });
  }
  // The rule's direction picks the worst column's ratio: lowest for "below" (the usual four-fifths rule).
  return outcome(rule, cands, `in the last ${rule.windowMinutes} min`, `fewer than two groups with ${rule.minSamples} predictions`);
}
