import { describe, expect, it } from 'vitest';
import { capGroups, idLikeMessage, looksLikeId, MAX_GROUPS, OTHER_GROUP } from './group-cap';

describe('capGroups', () => {
  it('leaves a column with few groups as it is', () => {
    const v = ['a', 'b', null, 'a'];
    expect(capGroups(v, 3)).toEqual({ groups: v, distinct: 2, pooledGroups: 0, pooledRows: 0 });
  });

  it('keeps the most frequent groups and pools the rest as (other)', () => {
    // c ×3, a ×2, b ×2, d ×1, e ×1: keep c then a (a before b on a tie).
    const v = ['c', 'a', 'b', 'c', 'd', 'a', 'c', 'b', 'e', null];
    const r = capGroups(v, 2);
    expect(r.groups).toEqual(['c', 'a', OTHER_GROUP, 'c', OTHER_GROUP, 'a', 'c', OTHER_GROUP, OTHER_GROUP, null]);
    expect(r).toMatchObject({ distinct: 5, pooledGroups: 3, pooledRows: 4 });
  });

  it('bounds an id column to MAX_GROUPS + 1 groups and recognises it', () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `customer-${i}`);
    const r = capGroups(ids);
    expect(new Set(r.groups).size).toBe(MAX_GROUPS + 1);
    expect(looksLikeId(r.distinct, ids.length)).toBe(true);
    expect(looksLikeId(3, 50_000)).toBe(false);
    expect(looksLikeId(MAX_GROUPS + 1, 10 * MAX_GROUPS)).toBe(false);
    expect(idLikeMessage('customer_id', 50_000, 50_000)).toMatch(/'customer_id' has 50000 distinct values in 50000 rows: it looks like an identifier/);
  });
});
