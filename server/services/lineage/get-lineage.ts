// The lineage of a model version as a small graph: dataset → dataset version → feature spec →
// run (in its experiment) → model version. Every node links to its page. Later stages
// (evaluations, alias moves, predictions) hang off the model version the same way.
import { eq } from 'drizzle-orm';
import { datasets, datasetVersions, experiments, featureSpecs, models, modelVersions, runs } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { notFound } from '../errors';

export interface LineageNode {
  id: string;
  kind: 'dataset' | 'dataset_version' | 'feature_spec' | 'experiment' | 'run' | 'model_version';
  label: string;
  detail: Record<string, string | number | null>;
  href: string | null;
}

export interface LineageGraph {
  nodes: LineageNode[];
  edges: { from: string; to: string; label: string }[];
}

export async function getLineage(ctx: ServiceContext, input: { versionId: string }): Promise<LineageGraph> {
  requirePermission(ctx, 'console.read');
  const [row] = await ctx.db.select({ mv: modelVersions, model: models }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).where(eq(modelVersions.id, input.versionId));
  if (!row) throw notFound('model version');
  const nodes: LineageNode[] = [];
  const edges: LineageGraph['edges'] = [];
  const mvNode: LineageNode = {
    id: row.mv.id,
    kind: 'model_version',
    label: `${row.model.name} v${row.mv.version}`,
    // Binary nodes read as before; a multiclass or regression version names its task (and classes).
    detail: { artifact_sha256: row.mv.artifactSha256, source: row.mv.source, ...(row.mv.task !== 'binary' ? { task: row.mv.task } : {}), ...(row.mv.classes ? { classes: row.mv.classes.join(', ') } : {}) },
    href: `/models/${row.model.name}/versions/${row.mv.version}`,
  };
  if (row.mv.featureSpecId) {
    const [spec] = await ctx.db.select({ id: featureSpecs.id, sha256: featureSpecs.sha256 }).from(featureSpecs).where(eq(featureSpecs.id, row.mv.featureSpecId));
    if (spec) nodes.push({ id: spec.id, kind: 'feature_spec', label: `feature spec ${spec.sha256.slice(0, 12)}`, detail: { sha256: spec.sha256 }, href: null });
  }
  if (row.mv.runId) {
    const [r] = await ctx.db
      .select({ run: runs, exp: experiments, dv: datasetVersions, ds: datasets })
      .from(runs)
      .innerJoin(experiments, eq(experiments.id, runs.experimentId))
      // An external run may name no dataset version: the graph then starts at the run.
      .leftJoin(datasetVersions, eq(datasetVersions.id, runs.datasetVersionId))
      .leftJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
      .where(eq(runs.id, row.mv.runId));
    const dv = r.dv && r.ds ? { dv: r.dv, ds: r.ds } : null;
    if (dv)
      nodes.unshift(
        { id: dv.ds.id, kind: 'dataset', label: dv.ds.name, detail: {}, href: `/datasets/${dv.ds.name}` },
        { id: dv.dv.id, kind: 'dataset_version', label: `${dv.ds.name}@${dv.dv.sha256.slice(0, 12)}`, detail: { sha256: dv.dv.sha256, rows: dv.dv.rowCount }, href: `/datasets/versions/${dv.dv.id}` },
      );
    nodes.push(
      { id: r.exp.id, kind: 'experiment', label: r.exp.name, detail: {}, href: `/experiments/${r.exp.id}` },
      {
        id: r.run.id,
        kind: 'run',
        label: r.run.name,
        detail:
          r.run.source === 'external'
            ? { source: 'external', trainer: r.run.trainer, code_version: r.run.codeVersion, params: JSON.stringify(r.run.params) }
            : { ...(r.run.task !== 'binary' ? { task: r.run.task } : {}), trainer: `${r.run.trainer} ${r.run.trainerVersion ?? ''}`.trim(), seed: r.run.seed, params: JSON.stringify(r.run.params), node: r.run.runtime?.node ?? null, onnxruntime: r.run.runtime?.onnxruntime ?? null },
        href: `/runs/${r.run.id}`,
      },
    );
    const spec = nodes.find((n) => n.kind === 'feature_spec');
    if (dv) {
      edges.push({ from: dv.ds.id, to: dv.dv.id, label: 'version' });
      if (spec) {
        edges.push({ from: dv.dv.id, to: spec.id, label: 'fitted on' });
        edges.push({ from: spec.id, to: r.run.id, label: 'features' });
      } else {
        edges.push({ from: dv.dv.id, to: r.run.id, label: 'trained on' });
      }
    } else if (spec) {
      edges.push({ from: spec.id, to: r.run.id, label: 'features' });
    }
    edges.push({ from: r.exp.id, to: r.run.id, label: 'groups' });
    edges.push({ from: r.run.id, to: row.mv.id, label: 'registered as' });
  }
  nodes.push(mvNode);
  return { nodes, edges };
}
