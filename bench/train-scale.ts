// `npm run bench:train -- --scale` runs this in a child process of its own, so that its peak
// memory is the training's alone: Vigil's GBDT on a generated 1,000,000 × 50 matrix, reporting
// rows per second and the process's peak resident memory. Prints ONE JSON line.
//
// The data (seeded, no download): 40 continuous columns (normal, log-normal, uniform; 2% missing in
// five of them) and 10 integer columns of 2–30 levels; the label is a Bernoulli draw from a
// non-linear logit of twelve of them, so trees have real structure to find.
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { fitGbdt, parseGbdtParams } from '../server/ml/trainers/gbdt';
import { mulberry32 } from '../server/ml/trainers/gbdt-rng';

function generate(n: number, d: number, seed: number): { values: Float64Array; y: Uint8Array } {
  const r = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const values = new Float64Array(n * d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = i * d;
    for (let f = 0; f < d; f++) {
      let v: number;
      if (f >= d - 10) v = Math.floor(r() * (2 + 3 * (f - (d - 10))));
      else if (f % 3 === 0) v = normal();
      else if (f % 3 === 1) v = Math.exp(normal());
      else v = r();
      if (f < 5 && r() < 0.02) v = Number.NaN;
      values[p + f] = v;
    }
    const x = (f: number) => (Number.isNaN(values[p + f]) ? 0 : values[p + f]);
    const z =
      0.8 * x(0) - 0.5 * x(3) ** 2 + Math.log1p(x(1)) + (x(2) > 0.7 ? 1 : -0.3) + 0.6 * x(6) * x(9) - 0.4 * x(12) +
      (x(d - 1) % 3 === 0 ? 0.7 : 0) - 0.05 * x(d - 2) + 0.3 * Math.sin(3 * x(15)) + (x(18) > 1 && x(21) < 0.5 ? 0.8 : 0) - 1.5;
    y[i] = r() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { values, y };
}

async function main(): Promise<void> {
  const { values: opts } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      features: { type: 'string', default: '50' },
      trees: { type: 'string', default: '100' },
      depth: { type: 'string', default: '6' },
      threads: { type: 'string', default: '1' },
    },
    strict: true,
  });
  const n = Number(opts.rows);
  const d = Number(opts.features);
  const threads = Number(opts.threads);
  if (!(n >= 100 && d >= 12 && threads >= 1)) throw new Error('--rows ≥ 100, --features ≥ 12, --threads ≥ 1');
  const { values, y } = generate(n, d, 17);
  const rssBefore = process.memoryUsage().rss;
  const params = parseGbdtParams({ n_trees: Number(opts.trees), max_depth: Number(opts.depth) });
  const t0 = performance.now();
  const model = await fitGbdt({ values, n, d, featureNames: Array.from({ length: d }, (_, f) => `x${f}`) }, y, params, { seed: 1, threads });
  const trainS = (performance.now() - t0) / 1000;
  const mib = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
  console.log(
    JSON.stringify({
      rows: n,
      features: d,
      trees: params.n_trees,
      threads,
      train_s: Math.round(trainS * 1000) / 1000,
      rows_per_s: Math.round(n / trainS),
      row_trees_per_s: Math.round((n * params.n_trees) / trainS),
      // maxRSS is in KiB; it includes the 8-byte input matrix and Node itself.
      peak_rss_mib: mib(process.resourceUsage().maxRSS * 1024),
      rss_before_fit_mib: mib(rssBefore),
      input_mib: mib(values.byteLength),
      model_sha256: createHash('sha256').update(JSON.stringify(model)).digest('hex').slice(0, 16),
    }),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:train --scale: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
