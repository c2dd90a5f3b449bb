// The audit log table: one page at a time (ARCHITECTURE.md "Lists"), newest first by default,
// filtered by action prefix, actor, target and time. Labels name the targets the page mentions.
import { and, count, eq, gte, ilike, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents, type AuditEvent } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { redactUrl } from '../monitoring/webhook-targets';
import { filterText, orderFor, pageParams, type Page } from '../lists/list-query';
import { targetLabels, uuidsIn } from './target-labels';

const hasUrl = (v: unknown): v is { url: string } => typeof v === 'object' && v !== null && typeof (v as { url?: unknown }).url === 'string';

export const AUDIT_SORT_KEYS = ['at', 'action', 'actor', 'targetType'] as const;
export type AuditSortKey = (typeof AUDIT_SORT_KEYS)[number];

export const listAuditInput = z
  .object({
    ...pageParams(AUDIT_SORT_KEYS, { sort: 'at', dir: 'desc' }),
    /** Action starts with this (case-insensitive). */
    action: filterText.optional(),
    /** Actor label contains this (case-insensitive). */
    actor: filterText.optional(),
    targetType: filterText.optional(),
    targetId: filterText.optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
  })
  .strict();
export type ListAuditInput = z.input<typeof listAuditInput>;

// `at` ties are broken by id, so "newest first" is the order the events were written.
const SORT_EXPR: Record<AuditSortKey, SQL | typeof auditEvents.at> = {
  at: auditEvents.at,
  action: sql`${auditEvents.action}`,
  actor: sql`lower(${auditEvents.actorLabel})`,
  targetType: sql`${auditEvents.targetType}`,
};

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function conditions(q: z.output<typeof listAuditInput>): SQL | undefined {
  const where: SQL[] = [];
  if (q.action) where.push(ilike(auditEvents.action, `${escapeLike(q.action)}%`));
  if (q.actor) where.push(ilike(auditEvents.actorLabel, `%${escapeLike(q.actor)}%`));
  if (q.targetType) where.push(eq(auditEvents.targetType, q.targetType));
  if (q.targetId) where.push(eq(auditEvents.targetId, q.targetId));
  if (q.from) where.push(gte(auditEvents.at, q.from));
  if (q.to) where.push(lte(auditEvents.at, q.to));
  return where.length ? and(...where) : undefined;
}

// Webhook URLs written before they were redacted at the source (the log is append-only) are
// shown as scheme + host too: they often carry a bearer secret, and viewers read the log.
const redacted = (e: AuditEvent): AuditEvent => (e.targetType === 'webhook' && hasUrl(e.after) ? { ...e, after: { ...e.after, url: redactUrl(e.after.url) } } : e);

export async function listAudit(ctx: ServiceContext, input: ListAuditInput) {
  requirePermission(ctx, 'audit.read');
  const q = listAuditInput.parse(input);
  const cond = conditions(q);
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select()
      .from(auditEvents)
      .where(cond)
      .orderBy(...orderFor(SORT_EXPR[q.sort], q.dir, auditEvents.id))
      .limit(q.limit)
      .offset(q.offset),
    ctx.db.select({ total: count() }).from(auditEvents).where(cond),
  ]);
  const page = rows.map(redacted);
  const labels = await targetLabels(ctx.db, uuidsIn(page.flatMap((e) => [e.targetId, e.before, e.after])));
  return { rows: page, total, offset: q.offset, limit: q.limit, labels } satisfies Page<AuditEvent> & { labels: unknown };
}

/** The newest `limit` events, without the count (the Overview's "Latest changes"). */
export async function latestAudit(ctx: ServiceContext, limit: number) {
  requirePermission(ctx, 'audit.read');
  const rows = await ctx.db.select().from(auditEvents).orderBy(sql`${auditEvents.id} desc`).limit(Math.min(Math.max(1, limit), 200));
  return rows.map(redacted);
}
