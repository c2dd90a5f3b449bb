// One run of a command trainer (./manifest.ts), the counterpart of training/train-model.ts for
// programs: Vigil fits the feature spec on all rows and writes the transformed features, the
// program trains on them and writes model.onnx (float [N, d] → P(class 1) [N, 1]) and
// metrics.json, and Vigil then
//   1. loads model.onnx through the safety checks and scores the transformed rows with it,
//   2. composes the spec's preprocessing in front (../onnx/compose.ts) so the artifact takes raw
//      columns, and checks parity: composed graph on raw rows vs the program's graph on the
//      transformed rows, ≤ 1e-5,
//   3. computes the training metrics itself from those scores (the program's own metrics.json is
//      kept beside them as `program`).
// When the program also wrote reference_outputs.json (its framework's own probabilities for the
// first rows), step 1's scores must match them within the same tolerance (./reference-outputs.ts).
// Any bad exit, timeout, missing or invalid output is a CommandTrainerError naming the reason.
// Command trainers get no holdout fit from Vigil: `validation` is null (the program may report
// its own validation figures in metrics.json).
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import pkg from '../../../package.json';
import { env } from '@/server/env';
import type { Table } from '../data/table';
import { deriveSpec } from '../features/derive';
import { fitSpec } from '../features/fit';
import { canonicalJson, sha256Hex, specSha256 } from '../features/hash';
import { parseFeatureSpec, SpecError } from '../features/spec';
import { transformBatch } from '../features/transform';
import { binaryMetrics } from '../metrics';
import { foreignModelPart } from '../onnx/compose';
import { exportModel } from '../onnx/export-model';
import { checkParity } from '../onnx/parity';
import { createCheckedSession } from '../onnx/session';
import type { FeatureMatrix } from '../trainers/types';
import { readLabels } from '../training/labels';
import { parseTrainerParams } from '../training/params';
import { prepare, type Lineage, type TrainModelProgress, type TrainModelResult, type TrainingMetrics } from '../training/train-model';
import type { CommandTrainer } from './manifest';
import { parseOutputLine, type ProgramLine } from './output-lines';
import { compareReference, parseReferenceOutputs, ReferenceOutputsError, type ReferenceParity } from './reference-outputs';
import { runProgram } from './run-program';

export class CommandTrainerError extends Error {}
export class CommandTrainingCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** Parity tolerance between the composed graph and the program's own graph (float32 throughout). */
export const COMMAND_PARITY_TOLERANCE = 1e-5;
const MAX_METRICS_BYTES = 1024 * 1024;
const MAX_REFERENCE_BYTES = 8 * 1024 * 1024;
const STDERR_TAIL_LINES = 5;

export interface CommandTrainInput {
  trainer: CommandTrainer;
  table: Table;
  target: string;
  params?: unknown;
  seed?: number;
  spec?: unknown;
  dataSha256?: string;
  onProgress?: (p: TrainModelProgress) => void | Promise<void>;
  /** Every output line of the program that is not a progress/runtime record, and Vigil's own notes. */
  onLog?: (line: string, level: 'info' | 'warn' | 'error') => void | Promise<void>;
  shouldStop?: () => boolean | Promise<boolean>;
  /** Extra environment for the program (CUDA_VISIBLE_DEVICES on a GPU worker). */
  env?: Record<string, string>;
}

export type CommandTrainResult = TrainModelResult & { metrics: TrainingMetrics & { program: Record<string, unknown>; reference_parity: ReferenceParity | null } };

export async function trainWithCommand(input: CommandTrainInput): Promise<CommandTrainResult> {
  const { trainer } = input;
  const params = parseTrainerParams(trainer, input.params);
  const seed = input.seed ?? 0;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`seed must be a non-negative integer, got ${seed}`);
  const y = readLabels(input.table, input.target);
  const spec = input.spec === undefined ? deriveSpec(input.table, input.target) : parseFeatureSpec(input.spec);
  if (spec.inputs.some((i) => i.name === input.target)) throw new SpecError(`inputs: the target column '${input.target}' cannot be a model input`);
  const raw = prepare(spec, input.table);
  const fitted = fitSpec(spec, raw);
  const X = transformBatch(fitted, raw);

  const work = await mkdtemp(path.join(tmpdir(), `vigil-train-${trainer.name}-`));
  try {
    const outputDir = path.join(work, 'out');
    await mkdir(outputDir);
    const featuresPath = path.join(work, 'features.csv');
    await writeFeaturesCsv(featuresPath, X, y, input.target);
    const job = {
      version: 1,
      trainer: trainer.name,
      dataset_path: featuresPath,
      target: input.target,
      rows: X.n,
      feature_names: X.featureNames,
      feature_spec: fitted,
      params,
      seed,
      output_dir: outputDir,
    };
    const jobPath = path.join(work, 'job.json');
    await writeFile(jobPath, JSON.stringify(job, null, 2));

    const command = [...trainer.manifest.command, jobPath];
    let runtime: Record<string, string> = {};
    let logged = 0;
    let dropped = 0;
    const stderrTail: string[] = [];
    const maxLines = env().VIGIL_TRAINER_MAX_LOG_LINES;
    const logLine = async (line: string, level: 'info' | 'warn' | 'error') => {
      if (logged >= maxLines) {
        dropped++;
        return;
      }
      logged++;
      await input.onLog?.(line, level);
    };
    await input.onLog?.(`running ${JSON.stringify(command)} in ${trainer.dir} (trainer ${trainer.name} ${trainer.version}, files sha256 ${trainer.sha256.slice(0, 12)}, timeout ${trainer.manifest.timeout_s} s)`, 'info');
    const result = await runProgram({
      command,
      cwd: trainer.dir,
      env: { ...input.env, VIGIL_JOB_FILE: jobPath },
      timeoutMs: trainer.manifest.timeout_s * 1000,
      killGraceMs: env().VIGIL_TRAINER_KILL_GRACE_MS,
      shouldStop: input.shouldStop,
      async onLine(stream, line) {
        if (stream === 'stderr') {
          stderrTail.push(line);
          if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
          return logLine(line, 'warn');
        }
        const rec: ProgramLine = parseOutputLine(line);
        if (rec.kind === 'progress') return input.onProgress?.(rec.progress);
        if (rec.kind === 'runtime') {
          runtime = rec.runtime;
          return logLine(`runtime: ${JSON.stringify(rec.runtime)}`, 'info');
        }
        if (rec.kind === 'invalid') return logLine(`${line}  [not recorded: ${rec.reason}]`, 'warn');
        return logLine(line, 'info');
      },
    });
    if (dropped > 0) await input.onLog?.(`${dropped} further output lines not stored (VIGIL_TRAINER_MAX_LOG_LINES = ${maxLines})`, 'warn');
    const tail = stderrTail.length ? `; last stderr: ${stderrTail.join(' | ')}` : '';
    if (result.outcome === 'cancelled') throw new CommandTrainingCancelled();
    if (result.outcome === 'spawn_failed') throw new CommandTrainerError(`trainer '${trainer.name}' could not start ${JSON.stringify(trainer.manifest.command[0])}: ${result.error}`);
    if (result.outcome === 'timed_out') throw new CommandTrainerError(`trainer '${trainer.name}' timed out after ${trainer.manifest.timeout_s} s and was stopped${tail}`);
    if (result.code !== 0) {
      throw new CommandTrainerError(`trainer '${trainer.name}' failed: ${result.code === null ? `killed by ${result.signal}` : `exit code ${result.code}`}${tail}`);
    }

    const modelBytes = await readOutput(outputDir, 'model.onnx', env().VIGIL_MAX_MODEL_BYTES, trainer.name);
    const metricsText = await readOutput(outputDir, 'metrics.json', MAX_METRICS_BYTES, trainer.name);
    let programMetrics: unknown;
    try {
      programMetrics = JSON.parse(Buffer.from(metricsText).toString('utf8'));
    } catch (e) {
      throw new CommandTrainerError(`trainer '${trainer.name}' wrote a metrics.json that is not JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (typeof programMetrics !== 'object' || programMetrics === null || Array.isArray(programMetrics)) {
      throw new CommandTrainerError(`trainer '${trainer.name}' wrote a metrics.json that is not a JSON object`);
    }

    const p = await scoreProgramModel(modelBytes, X, trainer.name);
    const referenceParity = await checkReferenceOutputs(outputDir, trainer.name, p);
    if (referenceParity) {
      await input.onLog?.(`exporter parity: model.onnx in onnxruntime vs the program's own outputs on the first ${referenceParity.rows} rows: max |probability diff| ${referenceParity.max_abs_probability_diff} (tolerance ${referenceParity.tolerance})`, 'info');
    }
    let onnxBytes: Uint8Array;
    try {
      onnxBytes = exportModel({
        spec: fitted,
        part: foreignModelPart(modelBytes, `command:${trainer.name}`),
        metadata: [
          ['vigil.trainer_version', trainer.version],
          ['vigil.trainer_sha256', trainer.sha256],
          ['vigil.params', canonicalJson(params)],
          ['vigil.seed', String(seed)],
          ['vigil.target', input.target],
        ],
      });
    } catch (e) {
      throw new CommandTrainerError(`trainer '${trainer.name}' wrote a model.onnx Vigil cannot compose: ${e instanceof Error ? e.message : String(e)}`);
    }
    const parity = await checkParity({ onnxBytes, spec: fitted, raw, features: X, probability: p, tolerance: COMMAND_PARITY_TOLERANCE });
    await input.onLog?.(`parity: composed graph on raw rows vs the program's graph on transformed rows: max |probability diff| ${parity.max_abs_probability_diff} (tolerance ${parity.tolerance})`, 'info');

    const runtimeLineage: Record<string, string> = {
      node: process.version,
      onnxruntime: ort.env.versions.common,
      vigil: pkg.version,
      command: JSON.stringify(trainer.manifest.command),
      trainer_sha256: trainer.sha256,
      ...Object.fromEntries(Object.entries(runtime).map(([k, v]) => [`program.${k}`, v])),
    };
    const lineage: Lineage = {
      ...(input.dataSha256 ? { data_sha256: input.dataSha256 } : {}),
      target: input.target,
      rows: X.n,
      feature_spec_sha256: specSha256(fitted),
      feature_spec: fitted,
      trainer: trainer.name,
      trainer_version: trainer.version,
      params,
      seed,
      runtime: runtimeLineage as Lineage['runtime'],
    };
    return {
      onnxBytes,
      artifactSha256: sha256Hex(onnxBytes),
      spec: fitted,
      metrics: {
        note: 'training: the program\'s model (fitted on all rows) scored by Vigil on all rows. Command trainers get no holdout fit from Vigil; program: the metrics.json the program wrote.',
        training: binaryMetrics(y, p),
        validation: null,
        parity,
        program: programMetrics as Record<string, unknown>,
        reference_parity: referenceParity,
      },
      stepMetrics: [],
      lineage,
      summary: { trainer_kind: 'command', trainer_sha256: trainer.sha256.slice(0, 12) },
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function readOutput(dir: string, name: string, maxBytes: number, trainer: string): Promise<Uint8Array> {
  const file = path.join(dir, name);
  let size: number;
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new CommandTrainerError(`trainer '${trainer}' wrote ${name} that is not a regular file`);
    size = s.size;
  } catch (e) {
    if (e instanceof CommandTrainerError) throw e;
    throw new CommandTrainerError(`trainer '${trainer}' exited successfully but wrote no ${name} in the output folder`);
  }
  if (size > maxBytes) throw new CommandTrainerError(`trainer '${trainer}' wrote a ${name} of ${size} bytes, over the limit of ${maxBytes}`);
  return readFile(file);
}

/** The optional reference_outputs.json (./reference-outputs.ts) checked against onnxruntime's scores; null when absent. */
async function checkReferenceOutputs(dir: string, trainer: string, scored: Float64Array): Promise<ReferenceParity | null> {
  const name = 'reference_outputs.json';
  try {
    await stat(path.join(dir, name));
  } catch {
    return null;
  }
  const bytes = await readOutput(dir, name, MAX_REFERENCE_BYTES, trainer);
  let reference: Float64Array;
  try {
    reference = parseReferenceOutputs(Buffer.from(bytes).toString('utf8'), scored.length);
  } catch (e) {
    if (e instanceof ReferenceOutputsError) throw new CommandTrainerError(`trainer '${trainer}' wrote a ${name} Vigil cannot read: ${e.message}`);
    throw e;
  }
  const r = compareReference(reference, scored, COMMAND_PARITY_TOLERANCE);
  if (!(r.max_abs_probability_diff <= r.tolerance)) {
    throw new CommandTrainerError(
      `trainer '${trainer}': model.onnx disagrees with the program's own outputs (${name}): max |probability diff| ${r.max_abs_probability_diff} at row ${r.worst_row}, over the tolerance ${r.tolerance}`,
    );
  }
  return r;
}

/** The program's own graph on the transformed rows (as float, its input type): the reference for parity and the metrics. */
async function scoreProgramModel(bytes: Uint8Array, X: FeatureMatrix, trainer: string): Promise<Float64Array> {
  let session: ort.InferenceSession;
  try {
    session = await createCheckedSession(bytes);
  } catch (e) {
    throw new CommandTrainerError(`trainer '${trainer}' wrote a model.onnx that does not load: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    if (session.inputNames.length !== 1) throw new CommandTrainerError(`trainer '${trainer}': model.onnx must have exactly one input, it has ${session.inputNames.length}`);
    const outName = session.outputNames.length === 1 ? session.outputNames[0] : session.outputNames.find((n) => n === 'probability');
    if (!outName) throw new CommandTrainerError(`trainer '${trainer}': model.onnx has several outputs and none is named 'probability'`);
    const p = new Float64Array(X.n);
    const chunk = 10_000;
    for (let start = 0; start < X.n; start += chunk) {
      const end = Math.min(X.n, start + chunk);
      const feed = new ort.Tensor('float32', Float32Array.from(X.values.subarray(start * X.d, end * X.d)), [end - start, X.d]);
      let out: ort.InferenceSession.OnnxValueMapType;
      try {
        out = await session.run({ [session.inputNames[0]]: feed });
      } catch (e) {
        throw new CommandTrainerError(`trainer '${trainer}': model.onnx fails on the training rows: ${e instanceof Error ? e.message : String(e)}`);
      }
      const data = out[outName].data;
      if (!(data instanceof Float32Array) || data.length !== end - start) {
        throw new CommandTrainerError(`trainer '${trainer}': model.onnx output '${outName}' must be float [N, 1]`);
      }
      for (let i = 0; i < data.length; i++) {
        if (!(data[i] >= 0 && data[i] <= 1)) throw new CommandTrainerError(`trainer '${trainer}': model.onnx gives ${data[i]} for row ${start + i + 1}; probabilities must lie in [0, 1]`);
        p[start + i] = data[i];
      }
    }
    return p;
  } finally {
    await session.release();
  }
}

/** CSV of the transformed features plus the target: header quoted (names may hold commas), values as shortest round-trip decimals. */
async function writeFeaturesCsv(file: string, X: FeatureMatrix, y: Uint8Array, target: string): Promise<void> {
  const out = createWriteStream(file);
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const write = (s: string) => new Promise<void>((resolve, reject) => out.write(s, (e) => (e ? reject(e) : resolve())));
  try {
    await write([...X.featureNames, target].map(quote).join(',') + '\n');
    let buf = '';
    for (let i = 0; i < X.n; i++) {
      const row: string[] = [];
      for (let j = 0; j < X.d; j++) {
        const v = X.values[i * X.d + j];
        row.push(Number.isNaN(v) ? 'nan' : String(v));
      }
      row.push(String(y[i]));
      buf += row.join(',') + '\n';
      if (buf.length > 1 << 20) {
        await write(buf);
        buf = '';
      }
    }
    await write(buf);
  } finally {
    await new Promise<void>((resolve) => out.end(resolve));
  }
}
