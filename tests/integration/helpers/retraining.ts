// Shared setup of the retraining tests: a model whose production v1 was trained here (gbdt on
// fair data), with a golden set and region as the sensitive attribute.
import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { db } from '@/server/db/client';
import { aliases, datasetVersions, models, runs } from '@/server/db/schema';
import { moveAlias } from '@/server/services/aliases/move-alias';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { chunksOf, fairCsv } from './csv';
import { actorOf, callerAs, makeUser, uniq } from './factories';
import { waitFor } from './wait';

export async function uploadProfiled(ctx: { db: ReturnType<typeof db>; actor: ReturnType<typeof actorOf> }, csv: string) {
  const up = await uploadDataset(ctx, { name: uniq('retrain-data') }, chunksOf(csv));
  await waitFor(async () => (await db().select().from(datasetVersions).where(eq(datasetVersions.id, up.version.id)))[0], (v) => v.profileStatus !== 'pending', 60_000, 'profile');
  return up.version.id;
}

export async function trainedProduction() {
  const admin = await makeUser('admin');
  const engineer = await makeUser('engineer');
  const approver = await makeUser('approver');
  const ctx = { db: db(), actor: actorOf(admin) };
  const name = uniq('retrain').toLowerCase();
  const base = await uploadProfiled(ctx, fairCsv(400, 11));
  const run = await callerAs(engineer).runs.start({ experiment: uniq('exp'), datasetVersionId: base, target: 'y', trainer: 'gbdt', params: { n_trees: 40, max_depth: 3 }, seed: 3 });
  const done = await waitFor(async () => (await db().select().from(runs).where(eq(runs.id, run.id)))[0], (r) => r.status === 'succeeded' || r.status === 'failed', 120_000, 'incumbent run');
  expect(done.status, done.error ?? '').toBe('succeeded');
  await callerAs(engineer).models.registerFromRun({ runId: run.id, model: name });
  await moveAlias(ctx, { model: name, alias: 'production', version: 1, reason: 'first release' });
  const golden = await uploadProfiled(ctx, fairCsv(6000, 77));
  await callerAs(admin).evaluations.setGoldenSet({ model: name, datasetVersionId: golden, labelColumn: 'y' });
  await callerAs(admin).evaluations.setPolicy({ model: name, sensitiveAttributes: ['region'] });
  const [prod] = await db().select({ versionId: aliases.versionId, modelId: models.id }).from(aliases).innerJoin(models, eq(models.id, aliases.modelId)).where(and(eq(aliases.name, 'production'), eq(models.name, name)));
  return { name, admin, engineer, approver, ctx, incumbentRun: done, productionVersionId: prod.versionId!, modelId: prod.modelId, baseDatasetVersionId: base };
}
