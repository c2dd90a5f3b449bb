import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashContextFields, HASH_PREFIX } from './hash-context';

const KEY = 'k'.repeat(32);

describe('hashContextFields', () => {
  it('replaces only the declared fields with a keyed hash; equal values give equal hashes', () => {
    const a = hashContextFields({ gender: 'F', region: 'north', age: 41 }, ['gender', 'age'], KEY)!;
    expect(a.region).toBe('north');
    expect(a.gender).toBe(HASH_PREFIX + crypto.createHmac('sha256', KEY).update('"F"').digest('hex'));
    expect(a.age).toBe(HASH_PREFIX + crypto.createHmac('sha256', KEY).update('41').digest('hex'));
    expect(hashContextFields({ gender: 'F' }, ['gender'], KEY)!.gender).toBe(a.gender);
    expect(hashContextFields({ gender: 'M' }, ['gender'], KEY)!.gender).not.toBe(a.gender);
    // A string "41" and a number 41 are different values.
    expect(hashContextFields({ age: '41' }, ['age'], KEY)!.age).not.toBe(a.age);
  });
  it('depends on the key, leaves null / missing fields and the input object alone, and is idempotent', () => {
    const ctx = { gender: 'F', note: null };
    const h = hashContextFields(ctx, ['gender', 'note', 'absent'], KEY)!;
    expect(ctx.gender).toBe('F');
    expect(h).toEqual({ gender: expect.stringMatching(/^hmac-sha256:[0-9a-f]{64}$/), note: null });
    expect(hashContextFields(ctx, ['gender'], 'x'.repeat(32))!.gender).not.toBe(h.gender);
    expect(hashContextFields(h, ['gender'], KEY)).toEqual(h);
    expect(hashContextFields(null, ['gender'], KEY)).toBeNull();
    expect(hashContextFields(ctx, [], 'short')).toBe(ctx);
  });
  it('refuses a short key', () => {
    expect(() => hashContextFields({ gender: 'F' }, ['gender'], 'short')).toThrow(/at least 16 characters/);
  });
});
