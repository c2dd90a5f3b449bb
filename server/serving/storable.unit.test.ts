import { describe, expect, it } from 'vitest';
import { HttpError } from './http-util';
import { checkContext, feedbackBody, parseBody, predictBody } from './request-body';
import { depthOf, findUnstorable, unstorableReason } from './storable';

describe('the storable-string rule', () => {
  it('refuses NUL and lone surrogates, accepts valid surrogate pairs and line separators', () => {
    expect(unstorableReason('a\u0000b')).toMatch(/U\+0000/);
    expect(unstorableReason('\ud800')).toMatch(/lone UTF-16 surrogate/);
    expect(unstorableReason('x\udc00')).toMatch(/lone/);
    expect(unstorableReason('\udc00\ud800')).toMatch(/lone/); // reversed pair
    expect(unstorableReason('💥 \u2028\u2029 é')).toBeNull();
    expect(unstorableReason('')).toBeNull();
  });

  it('names the path of the first bad string or field name', () => {
    expect(findUnstorable({ rows: [{ a: 1 }, { region: 'n\u0000' }] }, '', 32)).toBe('rows[1].region: contains U+0000 (NUL), which Postgres cannot store');
    expect(findUnstorable({ context: [{ 'bad\ud800': 1 }] }, '', 32)).toMatch(/^context\[0\]: a field name contains a lone/);
    expect(findUnstorable({ 'odd key': ['\ud800'] }, '', 32)).toMatch(/^\["odd key"\]\[0\]:/);
    expect(findUnstorable({ ok: ['fine', 1, null, { x: true }] }, '', 32)).toBeNull();
  });

  it('bounds depth without recursing, at any depth', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findUnstorable({ context: [deep] }, '', 32)).toMatch(/^context\[0\](\[0\])+…?: nested deeper than 32 levels$/);
    expect(depthOf(deep, 8)).toBe(9);
    expect(depthOf({ a: { b: 1 } }, 8)).toBe(2);
    expect(depthOf('x', 8)).toBe(0);
  });
});

describe('request bodies', () => {
  const bad = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(HttpError);
      return `${(e as HttpError).status} ${(e as HttpError).message}`;
    }
    throw new Error('expected a refusal');
  };

  it('predict: names the field and the limit', () => {
    expect(bad(() => parseBody(predictBody, { rows: [], request_key: 'k'.repeat(257) }))).toBe('400 request_key: must be at most 256 characters');
    expect(bad(() => parseBody(predictBody, { rows: [], version: 1.5 }))).toMatch(/^400 version: must be a positive integer/);
    expect(bad(() => parseBody(predictBody, { rows: [], colour: 1 }))).toBe('400 unknown field(s) colour');
    expect(bad(() => parseBody(predictBody, { rows: [], context: [1] }))).toMatch(/^400 context\[0\]:/);
    expect(bad(() => parseBody(predictBody, [1]))).toBe('400 body must be a JSON object');
    expect(parseBody(predictBody, { rows: [{}], request_key: null, context: null })).toEqual({ rows: [{}], request_key: null, context: null });
  });

  it('context: one object per row, within depth and size', () => {
    expect(bad(() => checkContext([{}], 2))).toMatch(/must be an array of 2 objects/);
    expect(bad(() => checkContext([{ a: 'x'.repeat(5000) }], 1))).toMatch(/^400 context\[0\]: is \d+ bytes; the limit is 4096/);
    let d: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 9; i++) d = { d };
    expect(bad(() => checkContext([null, d], 2))).toBe('400 context[1]: nested deeper than 8 levels');
    expect(checkContext(undefined, 3)).toBeNull();
  });

  it('feedback: ids, labels, overwrite', () => {
    const id = '0f0f0f0f-0000-4000-8000-000000000001';
    expect(bad(() => parseBody(feedbackBody(10), { labels: [{ prediction_id: 'x', label: 1 }] }))).toBe('400 labels[0].prediction_id: must be a prediction id (UUID)');
    // The label's fit to the task (0/1, a number, a class name) is checked once the prediction is found (feedback-labels.ts).
    expect(bad(() => parseBody(feedbackBody(10), { labels: [{ prediction_id: id, label: true }] }))).toBe('400 labels[0].label: must be 0 or 1 (binary), a finite number (regression) or a class name (multiclass)');
    expect(bad(() => parseBody(feedbackBody(10), { labels: [{ prediction_id: id, label: '' }] }))).toMatch(/^400 labels\[0\]\.label: /);
    expect(bad(() => parseBody(feedbackBody(1), { labels: [{ prediction_id: id, label: 1 }, { prediction_id: id, label: 0 }] }))).toBe('400 labels: at most 1 per request');
    expect(parseBody(feedbackBody(10), { labels: [{ prediction_id: id, label: 0 }], overwrite: true }).overwrite).toBe(true);
  });
});
