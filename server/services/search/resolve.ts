// The console's search box: one string in, at most a handful of places to jump to out. Every
// lookup is a primary-key or index range scan (prefix indexes: migration 0016), bounded by a
// LIMIT, so the box stays fast however large the registry and the prediction log grow.
import { and, eq, like, sql } from 'drizzle-orm';
import { datasets, datasetVersions, experiments, models, modelVersions, runs } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest } from '../errors';

export type SearchHitKind = 'model' | 'model_version' | 'run' | 'experiment' | 'dataset' | 'dataset_version' | 'prediction';

export interface SearchHit {
  kind: SearchHitKind;
  id: string;
  label: string;
  href: string;
}

export const SEARCH_MAX_QUERY = 200;
/** Hits per kind for prefix matches; the whole answer is at most this times the kinds. */
const PER_KIND = 5;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** "fraud v3", "fraud@3", "fraud:v3". */
const MODEL_VERSION = /^(.+?)(?:\s+v|\s*@\s*v?|\s*:\s*v?)(\d{1,9})$/i;
const HEX_PREFIX = /^[0-9a-f]{6,64}$/i;

/** LIKE pattern for "starts with `s`": the metacharacters of `s` match themselves. */
export function prefixPattern(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}

export async function resolveSearch(ctx: ServiceContext, input: { q: string }): Promise<SearchHit[]> {
  requirePermission(ctx, 'console.read');
  const q = input.q.trim();
  if (q.length === 0) return [];
  if (q.length > SEARCH_MAX_QUERY) throw badRequest(`the search text is longer than ${SEARCH_MAX_QUERY} characters`, 'q');
  // Postgres refuses NUL in text parameters; say so instead of failing with a driver error.
  if (q.includes('\u0000')) throw badRequest('the search text contains a NUL character', 'q');

  if (UUID.test(q)) return byId(ctx, q.toLowerCase());

  const hits: SearchHit[] = [];
  const mv = MODEL_VERSION.exec(q);
  if (mv) {
    const [row] = await ctx.db
      .select({ id: modelVersions.id, name: models.name, version: modelVersions.version })
      .from(modelVersions)
      .innerJoin(models, eq(models.id, modelVersions.modelId))
      .where(and(sql`lower(${models.name}) = ${mv[1].trim().toLowerCase()}`, eq(modelVersions.version, Number(mv[2]))))
      .limit(1);
    if (row) hits.push(versionHit(row));
  }
  const pattern = prefixPattern(q.toLowerCase());
  const [ms, ds, rs, ex] = await Promise.all([
    ctx.db.select({ id: models.id, name: models.name }).from(models).where(like(sql`lower(${models.name})`, pattern)).orderBy(models.name).limit(PER_KIND),
    ctx.db.select({ id: datasets.id, name: datasets.name }).from(datasets).where(like(sql`lower(${datasets.name})`, pattern)).orderBy(datasets.name).limit(PER_KIND),
    ctx.db.select({ id: runs.id, name: runs.name }).from(runs).where(like(sql`lower(${runs.name})`, pattern)).orderBy(sql`lower(${runs.name})`).limit(PER_KIND),
    // Experiments: exact name only (the unique index); there are few and they are named deliberately.
    ctx.db.select({ id: experiments.id, name: experiments.name }).from(experiments).where(eq(experiments.name, q)).limit(1),
  ]);
  for (const m of ms) hits.push({ kind: 'model', id: m.id, label: m.name, href: `/models/${encodeURIComponent(m.name)}` });
  for (const d of ds) hits.push({ kind: 'dataset', id: d.id, label: d.name, href: `/datasets/${encodeURIComponent(d.name)}` });
  for (const r of rs) hits.push({ kind: 'run', id: r.id, label: r.name, href: `/runs/${r.id}` });
  for (const e of ex) hits.push({ kind: 'experiment', id: e.id, label: e.name, href: `/experiments/${e.id}` });
  if (HEX_PREFIX.test(q)) {
    const dvs = await ctx.db
      .select({ id: datasetVersions.id, sha256: datasetVersions.sha256, name: datasets.name })
      .from(datasetVersions)
      .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
      .where(like(datasetVersions.sha256, prefixPattern(q.toLowerCase())))
      .limit(PER_KIND);
    for (const d of dvs) hits.push(datasetVersionHit(d));
  }
  return hits;
}

const versionHit = (r: { id: string; name: string; version: number }): SearchHit => ({
  kind: 'model_version',
  id: r.id,
  label: `${r.name} v${r.version}`,
  href: `/models/${encodeURIComponent(r.name)}/versions/${r.version}`,
});

const datasetVersionHit = (d: { id: string; sha256: string; name: string }): SearchHit => ({
  kind: 'dataset_version',
  id: d.id,
  label: `${d.name}@${d.sha256.slice(0, 12)}`,
  href: `/datasets/versions/${d.id}`,
});

/** An id can name anything; each table answers by its primary key (predictions: predictions_id_idx). */
async function byId(ctx: ServiceContext, id: string): Promise<SearchHit[]> {
  const [m, v, r, e, d, dv, p] = await Promise.all([
    ctx.db.select({ id: models.id, name: models.name }).from(models).where(eq(models.id, id)),
    ctx.db.select({ id: modelVersions.id, name: models.name, version: modelVersions.version }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).where(eq(modelVersions.id, id)),
    ctx.db.select({ id: runs.id, name: runs.name }).from(runs).where(eq(runs.id, id)),
    ctx.db.select({ id: experiments.id, name: experiments.name }).from(experiments).where(eq(experiments.id, id)),
    ctx.db.select({ id: datasets.id, name: datasets.name }).from(datasets).where(eq(datasets.id, id)),
    ctx.db.select({ id: datasetVersions.id, sha256: datasetVersions.sha256, name: datasets.name }).from(datasetVersions).innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId)).where(eq(datasetVersions.id, id)),
    ctx.db.execute(sql`SELECT p.id, m.name FROM predictions p JOIN models m ON m.id = p.model_id WHERE p.id = ${id} LIMIT 1`),
  ]);
  const hits: SearchHit[] = [];
  for (const x of m) hits.push({ kind: 'model', id: x.id, label: x.name, href: `/models/${encodeURIComponent(x.name)}` });
  for (const x of v) hits.push(versionHit(x));
  for (const x of r) hits.push({ kind: 'run', id: x.id, label: x.name, href: `/runs/${x.id}` });
  for (const x of e) hits.push({ kind: 'experiment', id: x.id, label: x.name, href: `/experiments/${x.id}` });
  for (const x of d) hits.push({ kind: 'dataset', id: x.id, label: x.name, href: `/datasets/${encodeURIComponent(x.name)}` });
  for (const x of dv) hits.push(datasetVersionHit(x));
  for (const x of p.rows as { id: string; name: string }[]) hits.push({ kind: 'prediction', id: x.id, label: `prediction of ${x.name}`, href: `/predictions/${x.id}` });
  return hits;
}
