// Retraining is for binary models: the pipeline decides by evaluating the candidate against
// production on the golden set with the promotion gates, and builds data from labelled
// predictions — both compare 0/1 labels with probabilities. A multiclass or regression model's
// policy is refused (at proposal and at every trigger) with this reason instead of failing
// halfway through a retrain.
import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { modelVersions } from '@/server/db/schema';
import { badRequest } from '../errors';

export function retrainTaskRefusal(model: string, task: string) {
  return badRequest(
    `${model} is a ${task} model; automatic retraining is for binary models (its golden-set evaluation, gates and data from labelled predictions compare 0/1 labels). Retrain it by starting a ${task} run on new data and registering it`,
    'model',
  );
}

/** Refuses a model whose versions are not binary (a model keeps one task: its newest version says which). */
export async function assertRetrainableTask(db: DbOrTx, modelId: string, model: string) {
  const [last] = await db.select({ task: modelVersions.task }).from(modelVersions).where(eq(modelVersions.modelId, modelId)).orderBy(desc(modelVersions.version)).limit(1);
  if (last && last.task !== 'binary') throw retrainTaskRefusal(model, last.task);
}
