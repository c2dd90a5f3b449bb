// Scoring rows that may not all be valid (batch scoring, evaluations, reference profiles):
// every row is validated once on its own, invalid ones are set aside with their problems, and
// the valid ones are scored together in chunks through the version's micro-batcher.
import { InputError, validateRows } from '@/server/serving/input-validation';
import type { LoadedVersion } from './load-version';

export interface ScoredRows {
  /** Values per input row, row-major n × width (./task-outputs.ts): P(class 1) for binary; NaN for a row the version cannot take. */
  scores: Float64Array;
  width: number;
  /** The validated row as it would be logged; null for an invalid row. */
  logged: (Record<string, number | string | null> | null)[];
  invalid: { index: number; error: InputError }[];
}

export async function scoreValidRows(lv: LoadedVersion, rows: Record<string, unknown>[], chunk = 5000): Promise<ScoredRows> {
  const w = lv.batcher.width;
  const scores = new Float64Array(rows.length * w).fill(NaN);
  const logged: ScoredRows['logged'] = new Array(rows.length).fill(null);
  const invalid: ScoredRows['invalid'] = [];
  const valid: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    try {
      logged[i] = validateRows(lv.signature, [rows[i]], { unknownFields: 'ignore', maxRows: 1 }).rows[0];
      valid.push(i);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      invalid.push({ index: i, error: e });
    }
  }
  for (let s = 0; s < valid.length; s += chunk) {
    const idx = valid.slice(s, s + chunk);
    const batch = validateRows(lv.signature, idx.map((i) => rows[i]), { unknownFields: 'ignore', maxRows: idx.length });
    const out = await lv.batcher.score(batch.n, batch.columns);
    idx.forEach((i, k) => scores.set(out.subarray(k * w, (k + 1) * w), i * w));
  }
  return { scores, width: w, logged, invalid };
}
