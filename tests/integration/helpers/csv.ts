// Small learnable data sets for tests, made from a seeded formula (no fixtures to drift).
/** mulberry32: a small seeded generator in [0, 1). */
export function seededRand(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function learnableCsv(rows: number, seed = 1): string {
  const rand = seededRand(seed);
  const lines = ['x1,x2,region,y'];
  for (let i = 0; i < rows; i++) {
    const x1 = rand() * 10 - 5;
    const x2 = rand() * 4;
    const region = ['north', 'south', 'east'][Math.floor(rand() * 3)];
    const logit = 0.9 * x1 - 0.6 * x2 + (region === 'north' ? 0.8 : 0) + (rand() - 0.5) * 2;
    const y = logit > 0 ? 1 : 0;
    // Some missing x2 values, so imputation is exercised.
    lines.push(`${x1.toFixed(4)},${i % 17 === 0 ? '' : x2.toFixed(4)},${region},${y}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Like learnableCsv, but region carries no signal and no value is missing: the real relation is
 * the same in every group, so a good model passes the golden set's disparity gate (four-fifths
 * rule) too.
 */
export function fairCsv(rows: number, seed: number): string {
  const rand = seededRand(seed);
  const lines = ['x1,x2,region,y'];
  for (let i = 0; i < rows; i++) {
    const x1 = rand() * 10 - 5;
    const x2 = rand() * 4;
    const region = ['north', 'south', 'east'][Math.floor(rand() * 3)];
    const y = 0.9 * x1 - 0.6 * x2 + 1.2 + (rand() - 0.5) * 2 > 0 ? 1 : 0;
    lines.push(`${x1.toFixed(4)},${x2.toFixed(4)},${region},${y}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * The logging bug: for region=south the label column was filled from a rule on x1 with the sign
 * inverted (y = x1 < 0). It is noise-free, so a model fits it better than the real labels — a
 * higher score on the data's own validation split — and it inverts the real relation for south.
 */
export function withSouthLabelBug(csv: string): string {
  const [head, ...lines] = csv.trimEnd().split('\n');
  return [head, ...lines.map((l) => {
    const [x1, x2, region] = l.split(',');
    return region === 'south' ? `${x1},${x2},${region},${Number(x1) < 0 ? 1 : 0}` : l;
  })].join('\n') + '\n';
}

export async function* chunksOf(text: string | Uint8Array, size = 1000): AsyncIterable<Uint8Array> {
  const buf = typeof text === 'string' ? Buffer.from(text) : Buffer.from(text);
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}
