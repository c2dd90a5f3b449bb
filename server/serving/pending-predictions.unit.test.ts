import { describe, expect, it } from 'vitest';
import { PendingPredictions } from './pending-predictions';
import type { PredictionRecord } from './prediction-record';

const rec = (id: string): PredictionRecord => ({ id, ts: '2026-01-01T00:00:00Z', model_id: 'm', version_id: 'v', route: 'production', inputs: {}, outputs: { score: 0.25, label: 0 }, latency_ms: 1, request_key: null, context: null });

describe('PendingPredictions', () => {
  it('finds unshipped ids and forgets a segment once shipped (and later adds to it)', () => {
    const p = new PendingPredictions();
    p.add(1, [rec('a'), rec('b')]);
    p.add(2, [rec('c')]);
    expect(p.get('b')).toMatchObject({ id: 'b', score: 0.25, route: 'production' });
    p.shipped(1);
    expect(p.get('a')).toBeUndefined();
    expect(p.get('c')).toBeDefined();
    expect(p.size).toBe(1);
    p.add(1, [rec('late')]); // a segment already shipped is not indexed again
    expect(p.get('late')).toBeUndefined();
  });

  it('is bounded: the oldest segments are dropped first', () => {
    const p = new PendingPredictions(3);
    p.add(1, [rec('a'), rec('b')]);
    p.add(2, [rec('c'), rec('d')]);
    expect(p.get('a')).toBeUndefined();
    expect(p.get('d')).toBeDefined();
    expect(p.size).toBe(2);
  });
});
