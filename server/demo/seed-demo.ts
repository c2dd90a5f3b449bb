// Seeds the demo through the real pipeline (audited like any other change), not pre-baked
// results: demo users → a generated loan-default dataset version → an experiment with a
// logistic-regression and a GBDT run on the workers → the better run registered as a model →
// its golden set and retraining policy (weekly and on the holiday-shift drift alert).
// Every step is idempotent, so an interrupted first start completes on the next one.
import { asc, eq } from 'drizzle-orm';
import type { Db } from '@/server/db/client';
import { experiments, models, modelVersions, runs, users } from '@/server/db/schema';
import { systemActor } from '@/server/services/context';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { registerFromRun } from '@/server/services/models/register-version';
import { moveAlias } from '@/server/services/aliases/move-alias';
import { createServingKey } from '@/server/services/serving-keys/serving-keys';
import { setDemoTraffic } from '@/server/services/settings/demo-traffic';
import { startRun } from '@/server/services/runs/start-run';
import { createUser } from '@/server/services/users/create-user';
import { DEMO_KEY_NAME } from './demo-accounts';
import { DEMO_USERS } from './demo-users';
import { generateLoanRows, loanRowsToCsv } from './loan-data';
import { LOAN_FEATURE_SPEC } from './loan-spec';
import { seedDemoRetraining } from './seed-retraining';

export const DEMO = { dataset: 'loans', experiment: 'loan-default', model: 'loan-default', rows: 30_000, seed: 7 } as const;
type Log = (s: string) => void;
const actor = systemActor('demo-seed');

export async function seedDemoUsers(db: Db, log: Log = () => {}): Promise<void> {
  const ctx = { db, actor };
  for (const u of DEMO_USERS) {
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, u.email));
    if (existing) continue;
    await createUser(ctx, u);
    log(`created demo user ${u.email} (${u.role})`);
  }
}

async function* chunks(text: string): AsyncIterable<Uint8Array> {
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += 1 << 16) yield buf.subarray(i, i + (1 << 16));
}

/** Uploads the demo data and queues the demo runs (the worker trains them). */
export async function seedDemoPipeline(db: Db, log: Log = () => {}): Promise<void> {
  const ctx = { db, actor };
  const [m] = await db.select().from(models).where(eq(models.name, DEMO.model));
  if (m) return;
  const csv = loanRowsToCsv(generateLoanRows({ rows: DEMO.rows, seed: DEMO.seed }));
  const up = await uploadDataset(ctx, { name: DEMO.dataset, description: 'Generated loan applications with default outcomes (server/demo/loan-data)', filename: 'loans.csv' }, chunks(csv));
  if (up.created) log(`uploaded demo dataset ${DEMO.dataset}@${up.version.sha256.slice(0, 12)} (${up.version.rowCount} rows)`);
  const [exp] = await db.select().from(experiments).where(eq(experiments.name, DEMO.experiment));
  const existing = exp ? await db.select().from(runs).where(eq(runs.experimentId, exp.id)) : [];
  if (existing.length) return;
  const base = { experiment: DEMO.experiment, datasetVersionId: up.version.id, target: 'default', seed: 42, spec: LOAN_FEATURE_SPEC };
  await startRun(ctx, { ...base, trainer: 'logreg', params: { l2: 1 }, name: 'logistic regression baseline' });
  await startRun(ctx, { ...base, trainer: 'gbdt', params: { n_trees: 150, max_depth: 4, learning_rate: 0.1 }, name: 'gbdt 150 trees depth 4' });
  log('queued the demo training runs (logistic regression and GBDT)');
}

/** Waits for the demo runs, then registers the one with the best validation AUC. */
export async function finishDemo(db: Db, log: Log = () => {}, timeoutMs = 15 * 60_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    const [m] = await db.select().from(models).where(eq(models.name, DEMO.model));
    if (m && (await db.select().from(modelVersions).where(eq(modelVersions.modelId, m.id))).length) return;
    const [exp] = await db.select().from(experiments).where(eq(experiments.name, DEMO.experiment));
    const list = exp ? await db.select().from(runs).where(eq(runs.experimentId, exp.id)).orderBy(asc(runs.createdAt)) : [];
    if (list.length && list.every((r) => ['succeeded', 'failed', 'cancelled'].includes(r.status))) {
      const ok = list.filter((r) => r.status === 'succeeded');
      if (!ok.length) return log('demo runs did not succeed; see the Jobs page');
      const auc = (r: (typeof ok)[number]) => (r.metrics as { validation?: { metrics?: { auc?: number } } } | null)?.validation?.metrics?.auc ?? 0;
      const best = ok.reduce((a, b) => (auc(b) > auc(a) ? b : a));
      const res = await registerFromRun({ db, actor }, {
        runId: best.id,
        model: DEMO.model,
        tags: ['demo'],
        card: `Predicts the probability that a loan application defaults.\n\nTrained on the generated \`${DEMO.dataset}\` data set. Registered by the demo seed as the run with the best validation AUC (${auc(best).toFixed(4)}).\n\nSensitive attribute \`gender\` is not an input; check the fairness report before promotion.`,
      });
      log(`registered ${res.model.name} v${res.version.version} from run "${best.name}" (validation AUC ${auc(best).toFixed(4)})`);
      await moveAlias({ db, actor }, { model: DEMO.model, alias: 'production', version: res.version.version, reason: 'demo: first release' });
      await setDemoTraffic({ db, actor }, { enabled: true, reason: 'demo: simulated traffic' });
      await seedDemoRetraining(db, DEMO.model, log);
      return log(`${DEMO.model} v${res.version.version} is serving behind production; the demo traffic simulator is on (Settings to switch it off)`);
    }
    if (Date.now() - start > timeoutMs) return log('demo runs still running; register a model from the Experiments page when they finish');
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** A serving key for the demo traffic simulator (all models); returns the key text once. */
export async function createDemoServingKey(db: Db): Promise<string> {
  const k = await createServingKey({ db, actor }, { name: DEMO_KEY_NAME, allModels: true });
  return k.key;
}

/** Users plus the pipeline; used by `npm run up`. */
export async function seedDemo(db: Db, log: Log = () => {}): Promise<void> {
  await seedDemoUsers(db, log);
  await seedDemoPipeline(db, log);
}
