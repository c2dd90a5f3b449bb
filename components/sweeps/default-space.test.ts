import { describe, expect, it } from 'vitest';
import { defaultSpace, parseSpace } from './default-space';

describe('defaultSpace', () => {
  it('spreads the first positive numeric param around its value', () => {
    expect(defaultSpace({ solver: 'lbfgs', l2: 1, max_iter: 100 })).toEqual({ l2: [0.1, 1, 10] });
    expect(defaultSpace({ n_trees: 100, learning_rate: 0.1 })).toEqual({ n_trees: [50, 100, 200] });
    expect(defaultSpace({ max_depth: 3 })).toEqual({ max_depth: [2, 3, 6] });
    expect(defaultSpace({ learning_rate: 0.3 })).toEqual({ learning_rate: [0.03, 0.3, 3] });
  });
  it('skips what cannot be spread and gives an empty space when nothing can', () => {
    expect(defaultSpace({ seed: 0, tol: -1, name: 'x', w: Number.NaN, lr: 0.5 })).toEqual({ lr: [0.05, 0.5, 5] });
    expect(defaultSpace({})).toEqual({});
  });
});

describe('parseSpace', () => {
  it('takes a JSON object and names what is wrong otherwise', () => {
    expect(parseSpace('{"l2":[0.1,1]}')).toEqual({ ok: true, space: { l2: [0.1, 1] } });
    for (const bad of ['', '{', '[1,2]', '3', 'null']) {
      const r = parseSpace(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/^search space: /);
    }
  });
});
