// Predictions this process acknowledged whose spool segment has not shipped yet, by id, so
// feedback can join a label to a prediction answered a moment ago without forcing a rotation.
// Forgotten segment by segment as the shipper removes them (segments ship in order). Bounded:
// during a long Postgres outage the oldest segments' ids are dropped from the index (feedback
// for them is joined once they ship).
import type { PredictionRecord } from './prediction-record';
import { primaryValue } from '@/server/scoring/task-outputs';

export interface PendingPrediction {
  id: string;
  ts: string;
  model_id: string;
  version_id: string;
  score: number;
  route: string;
  /** Multiclass: the predicted class's name (null for other tasks). */
  predicted_label: string | null;
}

export class PendingPredictions {
  private bySeq = new Map<number, Map<string, PendingPrediction>>();
  private shippedThrough = 0;
  private count = 0;

  constructor(private readonly maxEntries = 200_000) {}

  add(seq: number, records: PredictionRecord[]): void {
    if (seq <= this.shippedThrough) return;
    let m = this.bySeq.get(seq);
    if (!m) this.bySeq.set(seq, (m = new Map()));
    for (const r of records) m.set(r.id, { id: r.id, ts: r.ts, model_id: r.model_id, version_id: r.version_id, score: primaryValue(r.outputs), route: r.route, predicted_label: 'probabilities' in r.outputs ? r.outputs.label : null });
    this.count += records.length;
    // Maps iterate in insertion order: the first key is the oldest segment.
    while (this.count > this.maxEntries && this.bySeq.size > 1) {
      const [oldest, ids] = this.bySeq.entries().next().value!;
      this.count -= ids.size;
      this.bySeq.delete(oldest);
    }
  }

  shipped(seq: number): void {
    this.shippedThrough = Math.max(this.shippedThrough, seq);
    for (const [s, ids] of this.bySeq) {
      if (s > seq) continue;
      this.count -= ids.size;
      this.bySeq.delete(s);
    }
  }

  get(id: string): PendingPrediction | undefined {
    for (const m of this.bySeq.values()) {
      const p = m.get(id);
      if (p) return p;
    }
    return undefined;
  }

  get size(): number {
    return this.count;
  }
}
