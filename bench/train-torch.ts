// `npm run bench:train` runs this in a child process per data set: the shipped PyTorch trainer
// (trainers/torch-mlp) on CPU through Vigil's own command-trainer path (trainWithCommand: spec
// fitted, features CSV and job file written, the Python program run, its model.onnx checked
// against torch's outputs, composed behind the spec, parity), then the composed artifact scores
// the test rows in onnxruntime. Prints ONE JSON line.
//
// Times: `seconds` is the whole path (Python start-up and the torch import included);
// `program_train_s` is the program's own training loop (metrics.program.train_seconds).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCommandTrainer } from '../server/ml/command-trainers/manifest';
import { trainWithCommand } from '../server/ml/command-trainers/train-command';
import { parseCsv } from '../server/ml/data/csv';
import { buildTable, type Table } from '../server/ml/data/table';
import { rocAuc } from '../server/ml/metrics/ranking';
import { rawFeeds } from '../server/ml/onnx/ort-feeds';
import { createCheckedSession } from '../server/ml/onnx/session';
import { prepare } from '../server/ml/training/train-model';

const ROOT = path.resolve(import.meta.dirname, '..');

function table(file: string): Table {
  const csv = parseCsv(readFileSync(file, 'utf8'));
  return buildTable(csv.header, csv.rows);
}

async function main(): Promise<void> {
  const { values: opts } = parseArgs({
    options: { train: { type: 'string' }, test: { type: 'string' }, epochs: { type: 'string', default: '10' }, 'batch-size': { type: 'string', default: '256' } },
    strict: true,
  });
  if (!opts.train || !opts.test) throw new Error('--train and --test are required');
  // trainWithCommand reads its limits through server/env.ts, which insists on the service URLs;
  // this process connects to nothing, so placeholders satisfy the check.
  process.env.DATABASE_URL ??= 'postgres://unused@127.0.0.1:1/unused';
  process.env.REDIS_URL ??= 'redis://127.0.0.1:1';
  process.env.NEXTAUTH_SECRET ??= 'x'.repeat(32);
  process.env.LOG_LEVEL ??= 'warn';

  const train = table(opts.train);
  const trainer = loadCommandTrainer(path.join(ROOT, 'trainers', 'torch-mlp'));
  const params = { epochs: Number(opts.epochs), batch_size: Number(opts['batch-size']), device: 'cpu' };
  const t0 = performance.now();
  const res = await trainWithCommand({ trainer, table: train, target: 'label', params, seed: 1 });
  const seconds = (performance.now() - t0) / 1000;

  const test = table(opts.test);
  const raw = prepare(res.spec, test);
  const session = await createCheckedSession(res.onnxBytes);
  const p = new Float64Array(test.rowCount);
  for (let start = 0; start < test.rowCount; start += 10_000) {
    const end = Math.min(test.rowCount, start + 10_000);
    const out = await session.run(rawFeeds(res.spec, raw, start, end));
    p.set(out.probability.data as Float32Array, start);
  }
  await session.release();
  const y = (test.columns.find((c) => c.name === 'label')!.values as Float64Array);
  const program = res.metrics.program as { train_seconds: number; parameters: number };
  console.log(
    JSON.stringify({
      seconds,
      program_train_s: program.train_seconds,
      auc: rocAuc(y, p),
      epochs: params.epochs,
      batch_size: params.batch_size,
      parameters: program.parameters,
      parity: res.metrics.parity.max_abs_probability_diff,
      reference_parity: res.metrics.reference_parity?.max_abs_probability_diff ?? null,
      torch: res.lineage.runtime['program.torch' as keyof typeof res.lineage.runtime],
      device: res.lineage.runtime['program.device' as keyof typeof res.lineage.runtime],
      artifact_sha256: res.artifactSha256,
    }),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`bench/train-torch.ts: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
