// The text written directly on the hot path must be exactly what JSON.stringify of the
// objects would give: the spool line is parsed by Postgres, the answer by every client.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { shipsRaw } from './log-shipper';
import { recordLine, type PredictionRecord } from './prediction-record';
import { predictResponseText } from './response-text';

const record = (over: Partial<PredictionRecord> = {}): PredictionRecord => ({
  id: crypto.randomUUID(),
  ts: new Date().toISOString(),
  model_id: crypto.randomUUID(),
  version_id: crypto.randomUUID(),
  route: 'production',
  inputs: { x1: 1.5, region: 'north', gone: null },
  outputs: { score: 0.123456789, label: 0 },
  latency_ms: 1.234,
  request_key: null,
  context: null,
  ...over,
});

describe('recordLine', () => {
  it('is JSON.stringify of the record, for awkward values too', () => {
    const cases = [
      record(),
      record({ request_key: 'quote " backslash \\ newline \n tab \t u2028 \u2028 é', context: { nested: [1, { a: '"' }], emoji: '😀' } }),
      record({ latency_ms: NaN, outputs: { score: Infinity, label: 1 } }),
      record({ inputs: {}, outputs: { score: -0, label: 0 }, route: 'shadow', context: {} }),
      record({ latency_ms: 1e-7, inputs: { big: 1e21, neg: -5e-324 } }),
    ];
    for (const r of cases) {
      expect(recordLine(r)).toBe(JSON.stringify(r));
      expect(JSON.parse(recordLine(r))).toEqual(JSON.parse(JSON.stringify(r)));
    }
  });
});

describe('predictResponseText', () => {
  it('is the document the predict answer was built as before', () => {
    const records = [
      record(),
      record({ outputs: { score: 0.9, label: 1 } }),
      record({ outputs: { score: NaN, label: 0 } }),
      // Multiclass and regression outputs are spliced in the same way.
      record({ outputs: { label: 'b "quoted"', probabilities: { a: 0.25, 'b "quoted"': 0.75 } } }),
      record({ outputs: { prediction: -3.5e-7 } }),
    ];
    const unseen = [null, ['region', 'odd "name"'], null, null, ['x']];
    const expected = JSON.stringify({
      model: 'm "quoted" ü',
      model_version: 7,
      predictions: records.map((r, i) => ({ prediction_id: r.id, model_version: 7, ...r.outputs, ...(unseen[i] ? { unseen: unseen[i] } : {}) })),
    });
    expect(predictResponseText('m "quoted" ü', 7, records, unseen)).toBe(expected);
    expect(predictResponseText('m', 1, [], [])).toBe('{"model":"m","model_version":1,"predictions":[]}');
  });
});

describe('shipsRaw', () => {
  it('takes complete, non-empty, backslash-free lines only', () => {
    const line = JSON.stringify(record());
    expect(shipsRaw(Buffer.from(`${line}\n${line}\n`))).toBe(true);
    expect(shipsRaw(Buffer.from(''))).toBe(false);
    expect(shipsRaw(Buffer.from(`${line}\n${line}`))).toBe(false); // torn tail
    expect(shipsRaw(Buffer.from(`${line}\n\n${line}\n`))).toBe(false); // empty line
    expect(shipsRaw(Buffer.from(`\n${line}\n`))).toBe(false);
    expect(shipsRaw(Buffer.from(`${JSON.stringify(record({ request_key: 'a\tb' }))}\n`))).toBe(false); // escaped tab → backslash
  });
});
