import { describe, expect, it } from 'vitest';
import type { FeatureSpec } from '@/server/ml/features/spec';
import { diffSpecs } from './spec-diff';

const a: FeatureSpec = {
  version: 1,
  inputs: [
    { name: 'x1', type: 'numeric', nullable: false },
    { name: 'x2', type: 'numeric', nullable: false },
    { name: 'grade', type: 'categorical', nullable: false },
  ],
  features: [
    { input: 'x1', transforms: [{ op: 'standardize', mean: 0.1, std: 1.2 }] },
    { input: 'x2', transforms: [{ op: 'standardize', mean: 0, std: 1 }] },
    { input: 'grade', transforms: [{ op: 'one_hot', max_categories: 50, categories: ['A', 'B'] }] },
  ],
};

describe('diffSpecs', () => {
  it('finds nothing between a spec and itself', () => {
    expect(diffSpecs(a, structuredClone(a))).toEqual([]);
  });

  it('reports inputs added, removed and changed', () => {
    const b: FeatureSpec = { ...a, inputs: [{ name: 'x1', type: 'numeric', nullable: true }, a.inputs[2], { name: 'x3', type: 'numeric', nullable: false }], features: [a.features[0], a.features[2]] };
    const kinds = diffSpecs(a, b).map((c) => `${c.kind}:${'input' in c ? c.input : c.feature}`);
    expect(kinds).toEqual(['input_removed:x2', 'input_changed:x1', 'input_added:x3', 'feature_removed:x2__std']);
  });

  it('reports a changed pipeline (a new feature name counts as removed + added)', () => {
    const b = structuredClone(a);
    b.features[1] = { input: 'x2', name: 'x2__std', transforms: [{ op: 'clip', min: -1, max: 1 }, { op: 'standardize' }] };
    const c = diffSpecs(a, b);
    expect(c).toEqual([{ kind: 'transforms_changed', feature: 'x2__std', detail: 'standardize ⇒ clip → standardize' }]);
    const d = structuredClone(a);
    d.features[1] = { input: 'x2', transforms: [{ op: 'clip', max: 1 }, { op: 'standardize' }] };
    expect(diffSpecs(a, d).map((x) => x.kind)).toEqual(['feature_removed', 'feature_added']);
  });

  it('reports changed fitted statistics and given parameters with old and new values', () => {
    const b = structuredClone(a);
    b.features[0].transforms[0] = { op: 'standardize', mean: 0.25, std: 1.2 };
    b.features[2].transforms[0] = { op: 'one_hot', max_categories: 50, categories: ['A', 'B', 'C'] };
    expect(diffSpecs(a, b)).toEqual([
      { kind: 'param_changed', feature: 'x1__std', step: 0, op: 'standardize', param: 'mean', from: '0.1', to: '0.25', detail: 'standardize.mean: 0.1 → 0.25' },
      { kind: 'param_changed', feature: 'grade', step: 0, op: 'one_hot', param: 'categories', from: '[A, B]', to: '[A, B, C]', detail: 'one_hot.categories: [A, B] → [A, B, C]' },
    ]);
  });

  it('shortens long lists (bucket edges) and shows a parameter set on one side only', () => {
    const b = structuredClone(a);
    b.features[0].transforms[0] = { op: 'standardize', mean: 0.1 };
    const [c] = diffSpecs(a, b);
    expect(c).toMatchObject({ param: 'std', from: '1.2', to: '—' });
    const e1: FeatureSpec = { ...a, features: [{ input: 'x1', transforms: [{ op: 'bucketize', boundaries: [1, 2, 3, 4, 5, 6, 7, 8] }] }] };
    const e2: FeatureSpec = { ...a, features: [{ input: 'x1', transforms: [{ op: 'bucketize', boundaries: [1, 2, 3, 4, 5, 6, 7, 9] }] }] };
    expect(diffSpecs(e1, e2).find((x) => x.kind === 'param_changed')).toMatchObject({ from: '[1, 2, 3, 4, 5, 6, … 8 items]' });
  });
});
