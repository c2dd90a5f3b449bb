// Gain importance of a GBDT version (issue 18): the total split gain per raw input, from the
// trees its training run recorded (run summary `gain:<column>`) and the run's fitted feature spec.
// Read-only and cheap; no data is scored. Versions without a Vigil GBDT run say why not.
import { and, eq } from 'drizzle-orm';
import { featureSpecs, models, modelVersions, runs } from '@/server/db/schema';
import { gainByInput, type InputGain } from '@/server/ml/explain/gain-importance';
import { FeatureSpecSchema } from '@/server/ml/features/spec';
import { gainsFromSummary } from '@/server/ml/trainers/gbdt-gain';
import { requirePermission, type ServiceContext } from '../context';
import { notFound } from '../errors';
import { versionRef } from './feature-importance';

export type GainImportance = { available: true; trainer: string; inputs: InputGain[]; total: number } | { available: false; gbdt: boolean; reason: string };

export async function getGainImportance(ctx: ServiceContext, input: { name: string; version: number }): Promise<GainImportance> {
  requirePermission(ctx, 'console.read');
  const ref = versionRef.parse(input);
  const [row] = await ctx.db
    .select({ trainer: runs.trainer, summary: runs.summary, spec: featureSpecs.spec, runId: modelVersions.runId })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .leftJoin(runs, eq(runs.id, modelVersions.runId))
    .leftJoin(featureSpecs, eq(featureSpecs.id, runs.featureSpecId))
    .where(and(eq(models.name, ref.name), eq(modelVersions.version, ref.version)));
  if (!row) throw notFound(`model version ${ref.name} v${ref.version}`);
  if (!row.runId || !row.trainer) return { available: false, gbdt: false, reason: 'this version was not trained by a Vigil run, so its trees are not known here' };
  if (row.trainer !== 'gbdt') return { available: false, gbdt: false, reason: `gain importance is for GBDT versions; this one was trained with ${row.trainer}` };
  const gains = gainsFromSummary(row.summary);
  if (gains.size === 0) return { available: false, gbdt: true, reason: 'its run recorded no split gains (trained before they were recorded): retrain to see them' };
  const spec = FeatureSpecSchema.safeParse(row.spec);
  if (!spec.success) return { available: false, gbdt: true, reason: 'its run has no readable feature spec to map columns back to inputs' };
  const inputs = gainByInput(spec.data, gains);
  return { available: true, trainer: row.trainer, inputs, total: inputs.reduce((s, i) => s + i.gain, 0) };
}
