// Computes (once) a version's reference profile from the data it was trained on (for an upload,
// the dataset version it was registered with): that dataset version's column profiles restricted to the model's inputs, and the model's own
// outputs' distribution on that data (per task: see server/ml/monitoring/reference.ts).
import { eq, sql } from 'drizzle-orm';
import { db } from '@/server/db/client';
import { datasetVersions, models, modelVersions, referenceProfiles, runs } from '@/server/db/schema';
import { profileTable, type ColumnProfile } from '@/server/ml/data/profile';
import { rowObject } from '@/server/ml/data/table';
import { featureReference, multiclassReference, regressionReference, scoreReference, type FeatureReference, type ScoreReference } from '@/server/ml/monitoring/reference';
import { scoreValidRows } from '@/server/scoring/score-rows';
import { loadVersion } from '@/server/scoring/load-version';
import { keyForSha } from '@/server/storage/artifact-store';
import { artifactStore } from '@/server/storage';
import { readStoredTable } from '@/server/storage/read-table';
import { logHandled } from '@/server/observability/handled';

export interface ReferenceProfile {
  versionId: string;
  rows: number;
  features: FeatureReference[];
  score: ScoreReference;
}

export async function loadReference(versionId: string): Promise<ReferenceProfile | null> {
  const [r] = await db().select().from(referenceProfiles).where(eq(referenceProfiles.versionId, versionId));
  return r ? { versionId, rows: r.rows, features: r.features as FeatureReference[], score: r.score as ScoreReference } : null;
}

/** The reference of a version, computing it when missing; null for a version with no training data in Vigil (an upload that named no dataset version). */
export async function ensureReference(versionId: string): Promise<ReferenceProfile | null> {
  const have = await loadReference(versionId);
  if (have) return have;
  const database = db();
  const [row] = await database
    .select({ mv: modelVersions, model: models, run: runs, dv: datasetVersions })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .leftJoin(runs, eq(runs.id, modelVersions.runId))
    // A run's training data; an upload's named reference data (registration's datasetVersionId).
    .leftJoin(datasetVersions, eq(datasetVersions.id, sql`coalesce(${runs.datasetVersionId}, ${modelVersions.referenceDatasetVersionId})`))
    .where(eq(modelVersions.id, versionId));
  if (!row?.dv) return null;
  const table = await readStoredTable(row.dv.sha256);
  const lv = await loadVersion({ versionId, modelId: row.model.id, modelName: row.model.name, version: row.mv.version }, await artifactStore().getBytes(keyForSha(row.mv.artifactSha256)), 2048);
  try {
    if (lv.signature.inputs.kind !== 'columns') return null;
    const inputs = new Set(lv.signature.inputs.inputs.map((i) => i.name));
    const profiles = new Map<string, ColumnProfile>(profileTable(table).map((p) => [p.name, p]));
    const features: FeatureReference[] = [];
    for (const col of table.columns) if (inputs.has(col.name)) features.push(featureReference(profiles.get(col.name)!, col.values));
    // Score the training rows the model can take (rows it would reject are left out).
    const objects = Array.from({ length: table.rowCount }, (_, r) => rowObject(table, r));
    const scored = (await scoreValidRows(lv, objects)).scores;
    // The outputs' reference per task (server/ml/monitoring/reference.ts).
    const o = lv.signature.output;
    const score: ScoreReference =
      o.task === 'regression' ? regressionReference(scored) : o.task === 'multiclass' ? multiclassReference(scored, o.classes) : scoreReference(Array.from(scored).filter(Number.isFinite));
    const profile: ReferenceProfile = { versionId, rows: table.rowCount, features, score };
    await database.insert(referenceProfiles).values({ versionId, datasetVersionId: row.dv.id, rows: profile.rows, features, score: profile.score }).onConflictDoNothing();
    return profile;
  } finally {
    await lv.session.release().catch(logHandled('monitor', 'could not release an onnxruntime session', { version: versionId }));
  }
}
