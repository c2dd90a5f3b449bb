// `npx tsx bench/gpu-parity.ts <folder>`: checks what scripts/gpu-check.py wrote (on a GPU
// machine, which has no Node) in onnxruntime-node, the way Vigil checks a command trainer's run:
//   1. Vigil's own transform of raw.csv with the job's spec equals features.csv (what torch saw);
//   2. the trainer's model.onnx in onnxruntime vs torch's own probabilities on the GPU
//      (reference_outputs.json), ≤ 1e-5;
//   3. the spec's preprocessing composed in front (server/ml/onnx/compose.ts): composed graph on
//      raw rows vs the trainer's graph on the features (checkParity, ≤ 1e-5), and composed graph
//      vs torch's probabilities, ≤ 1e-5.
// Prints one JSON line per run folder (run1, run2) and exits 1 when any check fails.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { compareReference, parseReferenceOutputs } from '../server/ml/command-trainers/reference-outputs';
import { COMMAND_PARITY_TOLERANCE } from '../server/ml/command-trainers/train-command';
import { parseCsv } from '../server/ml/data/csv';
import { buildTable } from '../server/ml/data/table';
import { parseFeatureSpec } from '../server/ml/features/spec';
import { transformBatch } from '../server/ml/features/transform';
import { foreignModelPart } from '../server/ml/onnx/compose';
import { exportModel } from '../server/ml/onnx/export-model';
import { rawFeeds } from '../server/ml/onnx/ort-feeds';
import { checkParity } from '../server/ml/onnx/parity';
import { createCheckedSession } from '../server/ml/onnx/session';
import { prepare } from '../server/ml/training/train-model';

function fail(message: string): never {
  process.stderr.write(`gpu-parity: ${message}\n`);
  process.exit(1);
}

async function scores(bytes: Uint8Array, feeds: (inputName: string) => Record<string, ort.Tensor>): Promise<Float32Array> {
  const session = await createCheckedSession(bytes);
  try {
    const out = await session.run(feeds(session.inputNames[0]));
    return out[session.outputNames.includes('probability') ? 'probability' : session.outputNames[0]].data as Float32Array;
  } finally {
    await session.release();
  }
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) fail('usage: npx tsx bench/gpu-parity.ts <folder written by scripts/gpu-check.py>');
  const file = (name: string) => {
    const f = path.join(dir, name);
    if (!existsSync(f)) fail(`${f} does not exist; run python3 scripts/gpu-check.py --out ${dir} first`);
    return f;
  };
  const job = JSON.parse(readFileSync(file('job.json'), 'utf8')) as { feature_spec: unknown; feature_names: string[]; target: string };
  const check = JSON.parse(readFileSync(file('check.json'), 'utf8')) as { runtime: Record<string, string>; identical_model_bytes: boolean };
  const spec = parseFeatureSpec(job.feature_spec);
  const csv = parseCsv(readFileSync(file('raw.csv'), 'utf8'));
  const raw = prepare(spec, buildTable(csv.header, csv.rows));
  const X = transformBatch(spec, raw);

  // 1. The features torch trained on are Vigil's transform of the raw rows.
  const feats = parseCsv(readFileSync(file('features.csv'), 'utf8'));
  if (feats.rows.length !== X.n) fail(`features.csv has ${feats.rows.length} rows, raw.csv ${X.n}`);
  if (feats.header.slice(0, -1).join('\u0000') !== X.featureNames.join('\u0000')) fail(`features.csv columns ${feats.header.join(', ')} are not Vigil's ${X.featureNames.join(', ')}`);
  let maxFeature = 0;
  for (let i = 0; i < X.n; i++) for (let j = 0; j < X.d; j++) maxFeature = Math.max(maxFeature, Math.abs(Number(feats.rows[i][j]) - X.values[i * X.d + j]));
  if (maxFeature > 1e-12) fail(`features.csv differs from Vigil's transform of raw.csv by up to ${maxFeature}`);

  let failed = false;
  for (const run of ['run1', 'run2']) {
    const modelBytes = readFileSync(file(`${run}/model.onnx`));
    const reference = parseReferenceOutputs(readFileSync(file(`${run}/reference_outputs.json`), 'utf8'), X.n);
    const k = reference.length;
    // 2. The exported graph vs torch, on the rows torch scored (float32 input, as Vigil feeds it).
    const p32 = await scores(modelBytes, (name) => ({ [name]: new ort.Tensor('float32', Float32Array.from(X.values), [X.n, X.d]) }));
    const p = Float64Array.from(p32);
    const exporter = compareReference(reference, p, COMMAND_PARITY_TOLERANCE);
    // 3. Composed behind the spec: raw rows in, the same probabilities out.
    const composed = exportModel({ spec, part: foreignModelPart(modelBytes, 'command:torch-mlp') });
    const parity = await checkParity({ onnxBytes: composed, spec, raw, features: X, probability: p, tolerance: COMMAND_PARITY_TOLERANCE });
    const pc = Float64Array.from(await scores(composed, () => rawFeeds(spec, raw, 0, k)));
    const composedVsTorch = compareReference(reference, pc, COMMAND_PARITY_TOLERANCE);
    const ok = exporter.max_abs_probability_diff <= COMMAND_PARITY_TOLERANCE && composedVsTorch.max_abs_probability_diff <= COMMAND_PARITY_TOLERANCE;
    failed ||= !ok;
    console.log(
      JSON.stringify({
        run,
        ok,
        device: check.runtime.device,
        gpu: check.runtime.gpu,
        torch: check.runtime.torch,
        cuda: check.runtime.cuda,
        rows: X.n,
        reference_rows: k,
        onnx_vs_torch_max_abs_diff: exporter.max_abs_probability_diff,
        composed_vs_onnx_max_abs_diff: parity.max_abs_probability_diff,
        composed_vs_torch_max_abs_diff: composedVsTorch.max_abs_probability_diff,
        tolerance: COMMAND_PARITY_TOLERANCE,
        identical_model_bytes_across_runs: check.identical_model_bytes,
      }),
    );
  }
  if (failed) fail(`a parity check is over the tolerance ${COMMAND_PARITY_TOLERANCE}`);
}

main().catch((err: unknown) => fail(err instanceof Error ? (err.stack ?? err.message) : String(err)));
