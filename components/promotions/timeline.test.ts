import { describe, expect, it } from 'vitest';
import { analysisLine, eventDescription, eventTitle } from './timeline';

const analysis = {
  enoughData: true,
  regression: true,
  reasons: ['prediction distribution moved: Jensen–Shannon distance 0.612 vs production (threshold 0.2)'],
  canary: { predictions: 60, errorRate: 0, p99: 4.2, auc: null, labelled: 0 },
  production: { predictions: 400, errorRate: 0.0025, p99: 3.5, auc: null, labelled: 0 },
  distributionDistance: 0.6121,
};

describe('timeline events', () => {
  it('titles known kinds and falls back to the kind in words', () => {
    expect(eventTitle('auto_rollback')).toBe('Rolled back automatically');
    expect(eventTitle('something_new')).toBe('something new');
  });

  it('describes the analysis figures of a passed step and the reasons of a rollback', () => {
    expect(analysisLine(analysis)).toBe('canary 60 vs production 400 predictions, JS distance 0.612, errors 0% vs 0.3%, p99 4.2 vs 3.5 ms');
    expect(eventDescription('step_passed', { step: 1, analysis })).toBe('step 1 passed: canary 60 vs production 400 predictions, JS distance 0.612, errors 0% vs 0.3%, p99 4.2 vs 3.5 ms');
    expect(eventDescription('auto_rollback', { step: 2, analysis })).toBe(
      'step 2: prediction distribution moved: Jensen–Shannon distance 0.612 vs production (threshold 0.2) (canary 60 vs production 400 predictions, JS distance 0.612, errors 0% vs 0.3%, p99 4.2 vs 3.5 ms)',
    );
  });

  it('describes decisions with their override and steps with their share', () => {
    expect(eventDescription('approved', { comment: 'looks fine', overrideReason: 'no golden set yet', overridden: ['evaluation'] })).toBe('looks fine — override of evaluation: no golden set yet');
    expect(eventDescription('approved', { comment: 'clean', overrideReason: null, overridden: [] })).toBe('clean');
    expect(eventDescription('canary_step', { step: 1, share: 0.1 })).toBe('step 1: canary takes 10% of traffic');
    expect(eventDescription('requested', { target: 'production', note: 'better recall' })).toBe('target production: better recall');
    expect(eventDescription('canary_removed', { reason: 'moved by hand' })).toBe('moved by hand');
    expect(eventDescription('unknown', { a: 1 })).toBe('{"a":1}');
    expect(eventDescription('unknown', null)).toBe('');
  });
});
