// The promotion requests table: one page at a time (ARCHITECTURE.md "Lists"), newest first by
// default, filtered by status and model name (`q` contains, `model` exact: `vigil requests list`).
import { and, count, eq, like, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { models, modelVersions, PROMOTION_STATUSES, promotionRequests, users } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { containsPattern, filterText, orderFor, pageParams, type Page } from '../lists/list-query';

export const PROMOTION_SORT_KEYS = ['createdAt', 'updatedAt', 'status', 'model'] as const;
export type PromotionSortKey = (typeof PROMOTION_SORT_KEYS)[number];

export const listPromotionsPageInput = z
  .object({
    ...pageParams(PROMOTION_SORT_KEYS, { sort: 'createdAt', dir: 'desc' }),
    status: z.enum(PROMOTION_STATUSES).optional(),
    /** Model name contains this (case-insensitive). */
    q: filterText.optional(),
    /** Exactly this model. */
    model: z.string().min(1).max(200).optional(),
  })
  .strict();
export type ListPromotionsPageInput = z.input<typeof listPromotionsPageInput>;

const SORT_EXPR: Record<PromotionSortKey, SQL | typeof promotionRequests.createdAt> = {
  createdAt: promotionRequests.createdAt,
  updatedAt: sql`${promotionRequests.updatedAt}`,
  status: sql`${promotionRequests.status}`,
  model: sql`lower(${models.name})`,
};

export async function listPromotionsPage(ctx: ServiceContext, input: ListPromotionsPageInput) {
  requirePermission(ctx, 'console.read');
  const q = listPromotionsPageInput.parse(input);
  const where: SQL[] = [];
  if (q.status) where.push(eq(promotionRequests.status, q.status));
  if (q.q) where.push(like(sql`lower(${models.name})`, containsPattern(q.q)));
  if (q.model) where.push(eq(models.name, q.model));
  const cond = where.length ? and(...where) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select({
        id: promotionRequests.id,
        model: models.name,
        candidate: modelVersions.version,
        target: promotionRequests.target,
        status: promotionRequests.status,
        note: promotionRequests.note,
        requestedByEmail: users.email,
        createdAt: promotionRequests.createdAt,
        updatedAt: promotionRequests.updatedAt,
      })
      .from(promotionRequests)
      .innerJoin(models, eq(models.id, promotionRequests.modelId))
      .innerJoin(modelVersions, eq(modelVersions.id, promotionRequests.candidateVersionId))
      .innerJoin(users, eq(users.id, promotionRequests.requestedBy))
      .where(cond)
      .orderBy(...orderFor(SORT_EXPR[q.sort], q.dir, promotionRequests.id))
      .limit(q.limit)
      .offset(q.offset),
    ctx.db.select({ total: count() }).from(promotionRequests).innerJoin(models, eq(models.id, promotionRequests.modelId)).where(cond),
  ]);
  return { rows, total, offset: q.offset, limit: q.limit } satisfies Page<(typeof rows)[number]>;
}
