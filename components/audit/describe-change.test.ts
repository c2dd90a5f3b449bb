import { describe, expect, it } from 'vitest';
import { describeChange, labelled } from './describe-change';

const V1 = '11111111-1111-4111-8111-111111111111';
const V2 = '22222222-2222-4222-8222-222222222222';
const labels = { [V1]: 'loan-default v1', [V2]: 'loan-default v2' };

describe('describeChange (issue 9, D24)', () => {
  it('names versions instead of UUIDs and shows only what changed', () => {
    expect(describeChange({ alias: 'production', versionId: V1, share: null }, { alias: 'production', versionId: V2, share: null }, labels)).toEqual(['versionId: loan-default v1 → v2']);
  });
  it('lists one-sided fields and keeps unknown ids', () => {
    const unknown = '33333333-3333-4333-8333-333333333333';
    expect(describeChange(null, { runId: unknown, model: 'm' }, labels)).toEqual([`after: {"runId":"${unknown}","model":"m"}`]);
    expect(describeChange({ role: 'viewer', gone: 1 }, { role: 'engineer', to: V1 }, labels)).toEqual(['role: viewer → engineer', 'gone: 1 (removed)', 'to: loan-default v1']);
    expect(labelled({ ids: [V1, V2.toUpperCase()] }, labels)).toEqual({ ids: ['loan-default v1', 'loan-default v2'] });
  });
});
