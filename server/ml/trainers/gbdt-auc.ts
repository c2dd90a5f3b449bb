// Exact ROC AUC of float32 raw scores, cheap enough to run after every tree.
//
// Positives' and negatives' scores are mapped to order-preserving uint32 keys and radix-sorted
// (three 11-bit passes: ~10× faster than the native typed-array sort at 200k rows), then one merge
// counts, for each positive, the negatives below it and half of those tied with it — the
// Mann–Whitney statistic — without an index sort or per-row objects.

/** Order-preserving uint32 key of a float32 (−0 folded into +0 so equal floats get equal keys). */
function keyOf(bits: number): number {
  if (bits === 0x80000000) bits = 0;
  return bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
}

function radixSort(keys: Uint32Array, tmp: Uint32Array): void {
  const counts = new Uint32Array(2048);
  let src = keys;
  let dst = tmp;
  for (let shift = 0; shift < 32; shift += 11) {
    counts.fill(0);
    for (let i = 0; i < src.length; i++) counts[(src[i] >>> shift) & 2047]++;
    let acc = 0;
    for (let b = 0; b < 2048; b++) {
      const c = counts[b];
      counts[b] = acc;
      acc += c;
    }
    for (let i = 0; i < src.length; i++) dst[counts[(src[i] >>> shift) & 2047]++] = src[i];
    const t = src;
    src = dst;
    dst = t;
  }
  // Three passes: the sorted keys ended in `tmp`.
  keys.set(src);
}

/** AUC of float32 `scores` for labels y (ties count ½); NaN when a class is absent. */
export function fastAuc(scores: Float32Array, y: Uint8Array): number {
  const n = y.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += y[i];
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  const bits = new Uint32Array(scores.buffer, scores.byteOffset, n);
  const pos = new Uint32Array(nPos);
  const neg = new Uint32Array(nNeg);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] === 1) pos[a++] = keyOf(bits[i]);
    else neg[b++] = keyOf(bits[i]);
  }
  const tmp = new Uint32Array(Math.max(nPos, nNeg));
  radixSort(pos, tmp.subarray(0, nPos));
  radixSort(neg, tmp.subarray(0, nNeg));
  let below = 0; // negatives strictly below the current positive
  let upTo = 0; // negatives ≤ the current positive
  let wins = 0;
  for (let i = 0; i < nPos; i++) {
    const s = pos[i];
    while (below < nNeg && neg[below] < s) below++;
    if (upTo < below) upTo = below;
    while (upTo < nNeg && neg[upTo] <= s) upTo++;
    wins += below + 0.5 * (upTo - below);
  }
  return wins / (nPos * nNeg);
}
