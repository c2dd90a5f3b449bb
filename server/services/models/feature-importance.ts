// Global feature importance of a model version: permutation importance (server/ml/explain) on
// the model's golden set, or, without one, on the dataset its training run used. Computed on
// demand in the web process with bounded work (at most MAX_ROWS rows, a budget of scored rows,
// a fixed seed), and stored per version so the version page reads it back.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { datasetVersions, models, modelVersions, runs, versionImportances } from '@/server/db/schema';
import { rowObject } from '@/server/ml/data/table';
import { metricForLabels } from '@/server/ml/explain/importance-metrics';
import { permutationImportance, shuffledIndices } from '@/server/ml/explain/permutation-importance';
import { mulberry32 } from '@/server/ml/fairness/random';
import { logHandled } from '@/server/observability/handled';
import { loadVersion } from '@/server/scoring/load-version';
import { scoreValidRows } from '@/server/scoring/score-rows';
import { artifactStore } from '@/server/storage';
import { keyForSha } from '@/server/storage/artifact-store';
import { readStoredTable } from '@/server/storage/read-table';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest, notFound } from '../errors';
import { loadPolicy } from '../promotions/policies';

export const IMPORTANCE_LIMITS = {
  /** Rows sampled (seeded) from the data. */
  maxRows: 2000,
  /** Fewer usable rows than this and the numbers are noise: refuse. */
  minRows: 20,
  repeats: 3,
  seed: 20261130,
  /** Rows scored in all (inputs × repeats × rows): a wide model gets fewer rows, not more time. */
  scoredRowBudget: 400_000,
};

export const versionRef = z.object({ name: z.string().min(1).max(200), version: z.number().int().positive() }).strict();

async function findVersion(ctx: ServiceContext, input: z.infer<typeof versionRef>) {
  const [row] = await ctx.db
    .select({ v: modelVersions, m: models })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(eq(models.name, input.name), eq(modelVersions.version, input.version)));
  if (!row) throw notFound(`model version ${input.name} v${input.version}`);
  return row;
}

export async function getImportance(ctx: ServiceContext, input: z.input<typeof versionRef>) {
  requirePermission(ctx, 'console.read');
  const { v } = await findVersion(ctx, versionRef.parse(input));
  const [row] = await ctx.db.select().from(versionImportances).where(eq(versionImportances.versionId, v.id));
  return row ?? null;
}

/** The labelled data to measure on: the golden set when the model has one, else the run's dataset. */
async function dataFor(ctx: ServiceContext, m: { id: string; name: string }, v: { runId: string | null }) {
  const policy = await loadPolicy(ctx.db, m.id);
  if (policy.goldenDatasetVersionId && policy.goldenLabelColumn) {
    return { source: 'golden' as const, datasetVersionId: policy.goldenDatasetVersionId, label: policy.goldenLabelColumn };
  }
  if (v.runId) {
    const [run] = await ctx.db.select({ datasetVersionId: runs.datasetVersionId, target: runs.target }).from(runs).where(eq(runs.id, v.runId));
    // A run trained outside Vigil may name no dataset version.
    if (run?.datasetVersionId && run.target) return { source: 'training' as const, datasetVersionId: run.datasetVersionId, label: run.target };
  }
  throw badRequest(`${m.name} has no golden set and this version has no training run: choose a golden set on the model's Evaluation tab`, 'version');
}

export async function computeImportance(ctx: ServiceContext, input: z.input<typeof versionRef>) {
  const actor = requirePermission(ctx, 'training.run');
  const ref = versionRef.parse(input);
  const { v, m } = await findVersion(ctx, ref);
  const data = await dataFor(ctx, m, v);
  const [dv] = await ctx.db.select().from(datasetVersions).where(eq(datasetVersions.id, data.datasetVersionId));
  if (!dv) throw notFound('dataset version');
  const table = await readStoredTable(dv.sha256);
  const labelCol = table.columns.find((c) => c.name === data.label);
  if (!labelCol || labelCol.type !== 'numeric') throw badRequest(`label column '${data.label}' is missing or not numeric in the ${data.source === 'golden' ? 'golden set' : 'training dataset'}`, 'version');

  const lv = await loadVersion({ versionId: v.id, modelId: m.id, modelName: m.name, version: v.version }, await artifactStore().getBytes(keyForSha(v.artifactSha256)), 4096);
  try {
    if (lv.signature.inputs.kind !== 'columns') throw badRequest('this version takes one matrix input; importance is measured per named input', 'version');
    if (lv.signature.output.task === 'multiclass') throw badRequest('this version scores more than two classes; importance is measured for binary and regression models', 'version');
    const inputs = lv.signature.inputs.inputs.map((i) => i.name);
    const maxRows = Math.max(IMPORTANCE_LIMITS.minRows, Math.min(IMPORTANCE_LIMITS.maxRows, Math.floor(IMPORTANCE_LIMITS.scoredRowBudget / (inputs.length * IMPORTANCE_LIMITS.repeats))));
    // A seeded sample, in table order, of rows with a finite label.
    const order = shuffledIndices(table.rowCount, mulberry32(IMPORTANCE_LIMITS.seed)).filter((i) => Number.isFinite((labelCol.values as Float64Array)[i]));
    const sample = order.slice(0, maxRows).sort((a, b) => a - b);
    const candidates = sample.map((i) => rowObject(table, i));
    // Only rows the version can take: permuting a column moves valid values between valid rows.
    const base = await scoreValidRows(lv, candidates);
    const keep = candidates.map((_, k) => k).filter((k) => Number.isFinite(base.scores[k]));
    if (keep.length < IMPORTANCE_LIMITS.minRows) throw badRequest(`only ${keep.length} rows of the ${data.source === 'golden' ? 'golden set' : 'training dataset'} could be scored; at least ${IMPORTANCE_LIMITS.minRows} are needed`, 'version');
    const rows = keep.map((k) => candidates[k]);
    const y = keep.map((k) => (labelCol.values as Float64Array)[sample[k]]);
    const metric = metricForLabels(y);
    const res = await permutationImportance({
      rows,
      y,
      inputs,
      score: async (rs) => (await scoreValidRows(lv, rs)).scores,
      metric,
      repeats: IMPORTANCE_LIMITS.repeats,
      seed: IMPORTANCE_LIMITS.seed,
    }).catch((e: unknown) => {
      throw badRequest(e instanceof Error ? e.message : String(e), 'version');
    });
    const values = {
      versionId: v.id,
      datasetVersionId: dv.id,
      source: data.source,
      labelColumn: data.label,
      metric: metric.name,
      baseline: res.baseline,
      rows: rows.length,
      repeats: IMPORTANCE_LIMITS.repeats,
      seed: IMPORTANCE_LIMITS.seed,
      inputs: res.inputs,
      computedBy: actor.kind === 'user' ? actor.id : null,
      computedAt: new Date(),
    };
    return await ctx.db.transaction(async (tx) => {
      const [saved] = await tx.insert(versionImportances).values(values).onConflictDoUpdate({ target: versionImportances.versionId, set: values }).returning();
      await writeAudit(tx, actor, { action: 'model.importance', targetType: 'model_version', targetId: v.id, after: { model: m.name, version: v.version, source: data.source, metric: metric.name, rows: rows.length } });
      return saved;
    });
  } finally {
    await lv.session.release().catch(logHandled('importance', 'could not release an onnxruntime session'));
  }
}
