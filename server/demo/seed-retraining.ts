// The demo's retraining: a golden set for loan-default (fresh applicants from the same generator,
// another seed, so no training row is in it), `gender` as the sensitive attribute, and one
// retraining policy with both triggers — weekly (Mondays 03:00 UTC) and when the input-drift
// alert fires (the alert the holiday shift raises) — training on the last 7 days of labelled
// traffic appended to the original data. Proposed by the demo engineer, enabled by the demo
// approver, as people would; passing candidates become promotion requests for an approver.
// Idempotent: skipped once the model has a policy.
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/server/db/client';
import { alertRules, models, retrainPolicies, users } from '@/server/db/schema';
import type { Actor } from '@/server/services/context';
import { systemActor } from '@/server/services/context';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { ensureDefaultRules } from '@/server/services/monitoring/alert-rules';
import { setGoldenSet, setPolicy } from '@/server/services/promotions/policies';
import { proposeRetrainPolicy, setRetrainPolicyStatus } from '@/server/services/retraining/policy';
import { generateLoanRows, loanRowsToCsv } from './loan-data';

export const DEMO_RETRAIN = { goldenDataset: 'loans-golden', goldenRows: 5000, goldenSeed: 1007, scheduleCron: '0 3 * * 1', windowDays: 7, minLabelledRows: 500 } as const;

async function userActor(db: Db, email: string): Promise<Actor | null> {
  const [u] = await db.select().from(users).where(eq(users.email, email));
  return u ? { kind: 'user', id: u.id, email: u.email, role: u.role } : null;
}

export async function seedDemoRetraining(db: Db, model: string, log: (s: string) => void = () => {}): Promise<void> {
  const [m] = await db.select().from(models).where(eq(models.name, model));
  if (!m) return;
  if ((await db.select({ id: retrainPolicies.id }).from(retrainPolicies).where(eq(retrainPolicies.modelId, m.id))).length) return;
  const engineer = await userActor(db, 'engineer@vigil.local');
  const approver = await userActor(db, 'approver@vigil.local');
  if (!engineer || !approver) return log('demo retraining skipped: the demo engineer and approver are missing');
  const system = { db, actor: systemActor('demo-seed') };
  const csv = loanRowsToCsv(generateLoanRows({ rows: DEMO_RETRAIN.goldenRows, seed: DEMO_RETRAIN.goldenSeed }));
  const golden = await uploadDataset(system, { name: DEMO_RETRAIN.goldenDataset, description: 'Held-out loan applications: the golden set candidates are judged on', filename: 'loans-golden.csv' }, (async function* () {
    yield Buffer.from(csv);
  })());
  await setGoldenSet({ db, actor: engineer }, { model, datasetVersionId: golden.version.id, labelColumn: 'default', reason: 'demo: held-out applicants' });
  await setPolicy(system, { model, sensitiveAttributes: ['gender'], reason: 'demo: gender is the sensitive attribute' });
  await ensureDefaultRules(db, m.id);
  const [drift] = await db.select().from(alertRules).where(and(eq(alertRules.modelId, m.id), eq(alertRules.metric, 'drift_share'), eq(alertRules.isDefault, true)));
  await proposeRetrainPolicy({ db, actor: engineer }, {
    model,
    dataSource: 'predictions',
    windowDays: DEMO_RETRAIN.windowDays,
    appendToIncumbent: true,
    scheduleCron: DEMO_RETRAIN.scheduleCron,
    onAlertRuleId: drift?.id ?? null,
    minLabelledRows: DEMO_RETRAIN.minLabelledRows,
    cooldownMinutes: 60,
    maxPerDay: 4,
  });
  await setRetrainPolicyStatus({ db, actor: approver }, { model, enabled: true });
  log(`retraining policy for ${model}: weekly (Mondays 03:00 UTC) and on the input-drift alert (the holiday shift), on 7 days of labelled traffic; golden set ${DEMO_RETRAIN.goldenDataset}`);
}
