import { describe, expect, it } from 'vitest';
import { fairnessReport } from '../fairness/report';
import { checkDisparity, checkSlices, checkThreshold, verdict } from './gates';

describe('metric gates (MLflow MetricThreshold semantics)', () => {
  const auc = { metric: 'auc', greater_is_better: true, min_absolute_change: -0.01 };
  it('passes a candidate worse by less than the tolerance, fails one worse by more', () => {
    expect(checkThreshold(auc, 0.795, 0.8).status).toBe('pass'); // −0.005 ≥ −0.01
    expect(checkThreshold(auc, 0.79, 0.8).status).toBe('pass'); // exactly at the tolerance
    const r = checkThreshold(auc, 0.78, 0.8);
    expect(r.status).toBe('fail');
    expect(r.detail).toMatch(/change -0\.0200 is below the minimum -0\.0100/);
  });
  it('lower-is-better metrics improve when they fall; relative change divides by |baseline|', () => {
    const ll = { metric: 'log_loss', greater_is_better: false, min_relative_change: -0.05 };
    expect(checkThreshold(ll, 0.42, 0.4).status).toBe('pass'); // 5 % worse: at the tolerance
    expect(checkThreshold(ll, 0.4201, 0.4).status).toBe('fail');
    expect(checkThreshold(ll, 0.3, 0.4).status).toBe('pass');
  });
  it('an absolute threshold applies without a baseline; a missing figure is pending', () => {
    const t = { metric: 'auc', greater_is_better: true, threshold: 0.7 };
    expect(checkThreshold(t, 0.69, null).status).toBe('fail');
    expect(checkThreshold(t, 0.71, null).status).toBe('pass');
    expect(checkThreshold(auc, null, 0.8).status).toBe('pending');
    expect(checkThreshold(auc, 0.8, null).status).toBe('pending');
    expect(checkThreshold({ metric: 'x', greater_is_better: true, min_relative_change: 0 }, 1, 0).status).toBe('fail');
  });
  it('verdict: any fail fails, else any pending is pending', () => {
    expect(verdict([{ gate: 'a', status: 'pass', detail: '' }, { gate: 'b', status: 'pending', detail: '' }])).toBe('pending');
    expect(verdict([{ gate: 'a', status: 'fail', detail: '' }, { gate: 'b', status: 'pending', detail: '' }])).toBe('fail');
    expect(verdict([])).toBe('pass');
  });
});

describe('fairness and slice gates', () => {
  // Group A: 10 rows, selection 0.5; group B: 10 rows, selection 0.2 → ratio 0.4.
  const y = [1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  const s = [0.9, 0.8, 0.7, 0.6, 0.55, 0.1, 0.2, 0.3, 0.4, 0.2, 0.9, 0.6, 0.1, 0.1, 0.2, 0.2, 0.3, 0.1, 0.2, 0.3];
  const g = [...Array(10).fill('A'), ...Array(10).fill('B')];
  it('fails disparity outside [0.8, 1.25] and names the group and metric', () => {
    const r = fairnessReport(y, s, g);
    const gate = checkDisparity('group', r);
    expect(gate.status).toBe('fail');
    expect(gate.detail).toMatch(/group=B: selection_rate 0\.400/);
  });
  it('a candidate better overall but much worse on one slice fails that slice', () => {
    const inc = fairnessReport(y, s, g);
    // Candidate: same on A, scores of B reversed (AUC on B collapses).
    const s2 = s.map((v, i) => (i >= 10 ? 1 - v : v));
    const cand = fairnessReport(y, s2, g);
    const res = checkSlices('group', { metric: 'auc', greater_is_better: true, min_absolute_change: -0.05 }, cand, inc);
    expect(res.find((r) => r.gate.includes('=A'))!.status).toBe('pass');
    expect(res.find((r) => r.gate.includes('=B'))!.status).toBe('fail');
  });
});
