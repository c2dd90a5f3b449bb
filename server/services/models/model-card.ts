// Gathers what the model card states about a version, from the records Vigil keeps: registry,
// lineage (run → dataset version + feature spec), training metrics, the latest succeeded
// evaluation on the golden set (metrics, gates, fairness) and the team's card text.
import { and, desc, eq } from 'drizzle-orm';
import { aliases, datasets, datasetVersions, evaluations, experiments, featureSpecs, runs, users } from '@/server/db/schema';
import type { FeatureSpec } from '@/server/ml/features/spec';
import type { ModelDescription } from '@/server/ml/onnx/describe';
import type { BinaryMetrics } from '@/server/ml/metrics/binary';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest } from '../errors';
import { modelCardMarkdown, type CardFairness, type ModelCardData } from './model-card-markdown';
import { getModelVersion } from './queries';

/**
 * The inputs a caller sends: from the version's feature spec when it has one (Vigil's models and
 * mapped uploads: name, type, nullability), else from the graph's inputs as registered (the
 * stored signature is the graph's description: name, element type, shape).
 */
function inputsOf(spec: unknown, signature: unknown): ModelCardData['inputs'] {
  const fromSpec = (spec as Partial<FeatureSpec> | null)?.inputs;
  if (Array.isArray(fromSpec) && fromSpec.length) return fromSpec.map((i) => ({ name: i.name, type: i.type, nullable: typeof i.nullable === 'boolean' ? i.nullable : null }));
  const graph = (signature as Partial<ModelDescription> | null)?.inputs;
  if (!Array.isArray(graph)) return [];
  // One [N, d] tensor is a matrix, not named inputs (the Markdown says so).
  if (graph.length === 1 && graph[0].shape.length === 2 && graph[0].shape[1] !== 1) return [];
  return graph.map((i) => ({ name: i.name, type: i.type === 'string' ? 'categorical' : 'numeric', nullable: null }));
}

export async function modelCardData(ctx: ServiceContext, input: { name: string; version: number }, now = new Date()): Promise<ModelCardData> {
  requirePermission(ctx, 'console.read');
  if (!Number.isSafeInteger(input.version) || input.version < 1) throw badRequest('version must be a positive integer', 'version');
  const { model, version: mv } = await getModelVersion(ctx, input);

  const [creator, serving, lineageRow, spec, ev] = await Promise.all([
    mv.createdBy ? ctx.db.select({ email: users.email }).from(users).where(eq(users.id, mv.createdBy)) : Promise.resolve([]),
    ctx.db.select({ name: aliases.name }).from(aliases).where(and(eq(aliases.modelId, model.id), eq(aliases.versionId, mv.id))),
    mv.runId
      ? ctx.db
          .select({ run: runs, exp: experiments, dv: datasetVersions, ds: datasets })
          .from(runs)
          .innerJoin(experiments, eq(experiments.id, runs.experimentId))
          // An external run may name no dataset version.
          .leftJoin(datasetVersions, eq(datasetVersions.id, runs.datasetVersionId))
          .leftJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
          .where(eq(runs.id, mv.runId))
      : Promise.resolve([]),
    mv.featureSpecId ? ctx.db.select({ sha256: featureSpecs.sha256, spec: featureSpecs.spec }).from(featureSpecs).where(eq(featureSpecs.id, mv.featureSpecId)) : Promise.resolve([]),
    ctx.db
      .select({ ev: evaluations, ds: datasets.name, sha256: datasetVersions.sha256 })
      .from(evaluations)
      .innerJoin(datasetVersions, eq(datasetVersions.id, evaluations.goldenDatasetVersionId))
      .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
      .where(and(eq(evaluations.candidateVersionId, mv.id), eq(evaluations.status, 'succeeded')))
      .orderBy(desc(evaluations.createdAt))
      .limit(1),
  ]);

  const r = lineageRow[0];
  const metrics = mv.metrics as { training?: BinaryMetrics | null; validation?: BinaryMetrics | null } | null;
  const e = ev[0];
  const result = e?.ev.result as
    | { task?: 'multiclass' | 'regression'; rows: number; candidate: { metrics: BinaryMetrics; fairness: Record<string, CardFairness> }; incumbent: { version: number } | null; gates: { gate: string; status: string; detail: string }[] }
    | null
    | undefined;
  return {
    model: { name: model.name, description: model.description },
    version: { version: mv.version, source: mv.source, createdAt: mv.createdAt.toISOString(), createdBy: creator[0]?.email ?? null, artifactSha256: mv.artifactSha256, artifactSize: mv.artifactSize, tags: mv.tags },
    cardFields: mv.cardFields,
    card: mv.card,
    aliases: serving.map((a) => a.name).sort(),
    inputs: inputsOf(spec[0]?.spec ?? null, mv.signature),
    lineage: {
      run: r ? { id: r.run.id, name: r.run.name, experiment: r.exp.name, trainer: r.run.trainer, trainerVersion: r.run.trainerVersion, seed: r.run.seed, target: r.run.target, params: r.run.params, source: r.run.source, codeVersion: r.run.codeVersion } : null,
      datasetVersion: r?.dv && r.ds ? { dataset: r.ds.name, sha256: r.dv.sha256, rows: r.dv.rowCount } : null,
      featureSpecSha256: spec[0]?.sha256 ?? null,
    },
    metrics: metrics ? { training: metrics.training ?? null, validation: metrics.validation ?? null } : null,
    evaluation:
      e && result
        ? {
            finishedAt: e.ev.finishedAt?.toISOString() ?? null,
            goldenDataset: { dataset: e.ds, sha256: e.sha256 },
            rows: result.rows,
            verdict: e.ev.verdict,
            metrics: result.candidate.metrics,
            incumbentVersion: result.incumbent?.version ?? null,
            gates: result.gates,
            fairness: result.candidate.fairness ?? {},
            ...(result.task ? { task: result.task } : {}),
          }
        : null,
    generatedAt: now.toISOString(),
  };
}

/** The card as a Markdown file: its name and text. */
export async function modelCardFile(ctx: ServiceContext, input: { name: string; version: number }) {
  const data = await modelCardData(ctx, input);
  return { filename: `${data.model.name}-v${data.version.version}-model-card.md`, markdown: modelCardMarkdown(data) };
}
