// Fixed-width traffic buckets for the Overview's sparklines. Pure, so it is unit-tested.

export interface BucketCount {
  /** Bucket index: floor(epoch milliseconds / bucketMs). */
  bucket: number;
  predictions: number;
}

/**
 * `count` buckets of `bucketMs`, oldest first, ending with the bucket holding `nowMs`; buckets
 * with no rollup rows are 0, rows outside the range are ignored.
 */
export function sparklineBuckets(rows: readonly BucketCount[], nowMs: number, bucketMs: number, count: number): number[] {
  const last = Math.floor(nowMs / bucketMs);
  const first = last - count + 1;
  const out = new Array<number>(count).fill(0);
  for (const r of rows) {
    if (r.bucket < first || r.bucket > last) continue;
    out[r.bucket - first] += r.predictions;
  }
  return out;
}
