// The served demo model: Vigil's logistic regression trained on generated loan rows with the
// demo's feature spec (the real trainer and ONNX export), registered as versions of one model,
// promoted, and a serving key for it. Import only after stack.ts has set the environment.
import { parseCsv } from '@/server/ml/data/csv';
import { buildTable } from '@/server/ml/data/table';
import { trainModel } from '@/server/ml/training/train-model';
import { generateLoanRows, loanRowsToCsv, type LoanRow } from '@/server/demo/loan-data';
import { LOAN_FEATURE_SPEC } from '@/server/demo/loan-spec';
import { db } from '@/server/db/client';
import { systemActor, type ServiceContext } from '@/server/services/context';
import { uploadModelVersion } from '@/server/services/models/register-version';
import { createServingKey } from '@/server/services/serving-keys/serving-keys';
import { moveAlias } from '@/server/services/aliases/move-alias';

export const MODEL_NAME = 'loan-default';
export const TRAIN_SEED = 7;
export const TRAIN_ROWS = 5000;

/** Columns a request sends: the spec's inputs (the id, gender and label are not inputs). */
const INPUT_NAMES = LOAN_FEATURE_SPEC.inputs.map((i) => i.name);

export function trainingCsv(rows = TRAIN_ROWS, startIndex = 0): string {
  return loanRowsToCsv(generateLoanRows({ rows, seed: TRAIN_SEED, startIndex }));
}

export async function trainLoanOnnx(opts: { startIndex: number; l2: number; seed: number }): Promise<Uint8Array> {
  const { header, rows } = parseCsv(trainingCsv(TRAIN_ROWS, opts.startIndex));
  const res = await trainModel({ table: buildTable(header, rows), target: 'default', trainer: 'logreg', params: { l2: opts.l2 }, seed: opts.seed, spec: LOAN_FEATURE_SPEC });
  return res.onnxBytes;
}

/** Request rows: fresh applicants (not the training rows), input columns only. */
export function requestRows(n: number): Record<string, unknown>[] {
  return generateLoanRows({ rows: n, seed: TRAIN_SEED + 1000, startIndex: 0 }).map((r: LoanRow) => Object.fromEntries(INPUT_NAMES.map((k) => [k, r[k as keyof LoanRow]])));
}

export interface ServedDemo {
  name: string;
  key: string;
  ctx: ServiceContext;
  versions: number;
}

/**
 * Registers `versions` trainings (v1: rows 0..5k, l2 = 1; v2: rows 5k..10k, l2 = 10; …),
 * promotes them to production in order (so production = the last, and the alias history lets
 * a rollback return to the one before), and creates a serving key for the model.
 */
export async function registerDemoModel(versions: number, log: (s: string) => void): Promise<ServedDemo> {
  const ctx: ServiceContext = { db: db(), actor: systemActor('bench') };
  for (let v = 1; v <= versions; v++) {
    const t0 = performance.now();
    const onnx = await trainLoanOnnx({ startIndex: (v - 1) * TRAIN_ROWS, l2: v === 1 ? 1 : 10 ** (v - 1), seed: v });
    await uploadModelVersion(ctx, { model: MODEL_NAME, tags: ['bench'] }, onnx);
    log(`trained and registered ${MODEL_NAME} v${v} (logreg, ${TRAIN_ROWS} rows, ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  // Production is protected: after the first release, the bench (no person, no approver) breaks glass.
  for (let v = 1; v <= versions; v++) await moveAlias(ctx, { model: MODEL_NAME, alias: 'production', version: v, reason: `bench: release v${v}`, breakGlass: v > 1 });
  const key = await createServingKey(ctx, { name: 'bench', models: [MODEL_NAME] });
  return { name: MODEL_NAME, key: key.key, ctx, versions };
}
