// Readable names for the ids in audit events ("loan-default v2" for a model version id), so the
// audit page says what changed instead of listing UUIDs. Resolved per page, one query per kind.
import { inArray, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { datasets, datasetVersions, experiments, jobs, models, modelVersions, runs, users } from '@/server/db/schema';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every UUID among `values` and (one level deep) the values of objects among them. */
export function uuidsIn(values: unknown[]): string[] {
  const out = new Set<string>();
  const visit = (v: unknown, depth: number) => {
    if (typeof v === 'string' && UUID.test(v)) out.add(v.toLowerCase());
    else if (depth < 2 && v && typeof v === 'object') for (const x of Object.values(v as Record<string, unknown>)) visit(x, depth + 1);
  };
  for (const v of values) visit(v, 0);
  return [...out];
}

export async function targetLabels(db: DbOrTx, ids: string[]): Promise<Record<string, string>> {
  if (ids.length === 0) return {};
  const labels: Record<string, string> = {};
  const put = (rows: { id: string; label: string }[]) => rows.forEach((r) => (labels[r.id] = r.label));
  put((await db.select({ id: models.id, label: models.name }).from(models).where(inArray(models.id, ids))));
  put(
    (await db.select({ id: modelVersions.id, name: models.name, v: modelVersions.version }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).where(inArray(modelVersions.id, ids))).map((r) => ({ id: r.id, label: `${r.name} v${r.v}` })),
  );
  put((await db.select({ id: runs.id, label: runs.name }).from(runs).where(inArray(runs.id, ids))));
  put((await db.select({ id: experiments.id, label: experiments.name }).from(experiments).where(inArray(experiments.id, ids))));
  put((await db.select({ id: datasets.id, label: datasets.name }).from(datasets).where(inArray(datasets.id, ids))));
  put(
    (await db.select({ id: datasetVersions.id, name: datasets.name, sha: datasetVersions.sha256 }).from(datasetVersions).innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId)).where(inArray(datasetVersions.id, ids))).map((r) => ({ id: r.id, label: `${r.name}@${r.sha.slice(0, 8)}` })),
  );
  put((await db.select({ id: users.id, label: users.email }).from(users).where(inArray(users.id, ids))));
  put((await db.select({ id: jobs.id, label: jobs.title }).from(jobs).where(inArray(jobs.id, ids))));
  return labels;
}
