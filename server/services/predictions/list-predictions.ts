// The logged predictions of a model as a paged table (ARCHITECTURE.md "Lists"): newest (or
// oldest) first within a window of the last `hours`, filtered by version and route, with the
// feedback label. The prediction log is large, so the window bounds the partitions touched, the
// order is the (model_id | version_id, ts) index's own, and the total is counted only up to
// COUNT_CAP (`totalCapped` says there are more: narrow the filters rather than page further).
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { models, modelVersions } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { notFound } from '../errors';
import { filterText, pageParams, type Page } from '../lists/list-query';

export const PREDICTION_SORT_KEYS = ['ts'] as const;
export type PredictionSortKey = (typeof PREDICTION_SORT_KEYS)[number];
/** Counting stops here: a busy model logs millions a day, and an exact count would read them all. */
export const COUNT_CAP = 10_000;

export const listPredictionsInput = z
  .object({
    ...pageParams(PREDICTION_SORT_KEYS, { sort: 'ts', dir: 'desc' }),
    model: z.string().min(1).max(200),
    version: z.number().int().positive().optional(),
    route: filterText.optional(),
    /** The window: predictions logged in the last `hours` (1 to 7 days). */
    hours: z.number().int().min(1).max(168).default(24),
  })
  .strict();
export type ListPredictionsInput = z.input<typeof listPredictionsInput>;

export interface PredictionRow {
  id: string;
  ts: string;
  route: string;
  version: number;
  inputs: Record<string, unknown>;
  outputs: { score?: number; label?: number } | null;
  latencyMs: number;
  requestKey: string | null;
  label: number | null;
}

export async function listPredictions(ctx: ServiceContext, input: ListPredictionsInput): Promise<Page<PredictionRow> & { totalCapped: boolean }> {
  requirePermission(ctx, 'console.read');
  const q = listPredictionsInput.parse(input);
  const [m] = await ctx.db.select({ id: models.id }).from(models).where(eq(models.name, q.model));
  if (!m) throw notFound(`model '${q.model}'`);
  let versionId: string | null = null;
  if (q.version !== undefined) {
    const [v] = await ctx.db.select({ id: modelVersions.id }).from(modelVersions).where(and(eq(modelVersions.modelId, m.id), eq(modelVersions.version, q.version)));
    if (!v) throw notFound(`model version ${q.model} v${q.version}`);
    versionId = v.id;
  }
  const where = sql`${versionId ? sql`p.version_id = ${versionId}` : sql`p.model_id = ${m.id}`}
    AND p.ts > now() - make_interval(hours => ${q.hours}) ${q.route ? sql`AND p.route = ${q.route}` : sql``}`;
  const dir = q.dir === 'asc' ? sql`asc` : sql`desc`;
  const [rows, counted] = await Promise.all([
    ctx.db.execute(sql`
      SELECT p.id, p.ts, p.route, v.version, p.inputs, p.outputs, p.latency_ms AS "latencyMs", p.request_key AS "requestKey", f.label
      FROM predictions p
      JOIN model_versions v ON v.id = p.version_id
      LEFT JOIN prediction_feedback f ON f.prediction_id = p.id
      WHERE ${where}
      ORDER BY p.ts ${dir}, p.id ${dir}
      LIMIT ${q.limit} OFFSET ${q.offset}`),
    ctx.db.execute(sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM predictions p WHERE ${where} LIMIT ${COUNT_CAP + 1}) capped`),
  ]);
  const n = (counted.rows[0] as { n: number }).n;
  return {
    rows: (rows.rows as unknown as (Omit<PredictionRow, 'version' | 'ts'> & { version: number | string; ts: string | Date })[]).map((r) => ({ ...r, version: Number(r.version), ts: new Date(r.ts).toISOString() })),
    total: Math.min(n, COUNT_CAP),
    totalCapped: n > COUNT_CAP,
    offset: q.offset,
    limit: q.limit,
  };
}
