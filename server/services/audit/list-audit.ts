import { and, desc, eq, gte, ilike, lt, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { redactUrl } from '../monitoring/webhook-targets';

const hasUrl = (v: unknown): v is { url: string } => typeof v === 'object' && v !== null && typeof (v as { url?: unknown }).url === 'string';
import { targetLabels, uuidsIn } from './target-labels';

export const listAuditInput = z.object({
  action: z.string().max(100).optional(),
  actor: z.string().max(200).optional(),
  targetType: z.string().max(100).optional(),
  targetId: z.string().max(200).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  /** Keyset pagination: events with id below this. */
  before: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ListAuditInput = z.input<typeof listAuditInput>;

export async function listAudit(ctx: ServiceContext, input: ListAuditInput) {
  requirePermission(ctx, 'audit.read');
  const q = listAuditInput.parse(input);
  const where: SQL[] = [];
  if (q.action) where.push(ilike(auditEvents.action, `${q.action}%`));
  if (q.actor) where.push(ilike(auditEvents.actorLabel, `%${q.actor}%`));
  if (q.targetType) where.push(eq(auditEvents.targetType, q.targetType));
  if (q.targetId) where.push(eq(auditEvents.targetId, q.targetId));
  if (q.from) where.push(gte(auditEvents.at, q.from));
  if (q.to) where.push(lte(auditEvents.at, q.to));
  if (q.before) where.push(lt(auditEvents.id, q.before));
  const rows = await ctx.db
    .select()
    .from(auditEvents)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(q.limit + 1);
  const hasMore = rows.length > q.limit;
  // Webhook URLs written before they were redacted at the source (the log is append-only) are
  // shown as scheme + host too: they often carry a bearer secret, and viewers read the log.
  const events = rows.slice(0, q.limit).map((e) => (e.targetType === 'webhook' && hasUrl(e.after) ? { ...e, after: { ...e.after, url: redactUrl(e.after.url) } } : e));
  const labels = await targetLabels(ctx.db, uuidsIn(events.flatMap((e) => [e.targetId, e.before, e.after])));
  return { events, labels, nextBefore: hasMore ? events[events.length - 1].id : null };
}
