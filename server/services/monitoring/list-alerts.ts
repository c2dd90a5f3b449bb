// Monitoring alerts, newest first, one page at a time with the total: the console banner and
// the on-call table read the firing ones, a model's monitoring view pages through the resolved
// ones. The old list stopped at its `limit` (at most 500) with no way to see older alerts.
import { and, count, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { alertRules, alerts, models, modelVersions, users } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { orderFor, pageParams } from '../lists/list-query';

export const listAlertsInput = z
  .object({
    model: z.string().min(1).max(200).optional(),
    status: z.enum(['firing', 'resolved']).optional(),
    ...pageParams(['firedAt'] as const, { sort: 'firedAt', dir: 'desc' }),
  })
  .strict()
  .prefault({});

const ackUser = alias(users, 'ack_user');
const silenceUser = alias(users, 'silence_user');

export async function listAlerts(ctx: ServiceContext, input: z.input<typeof listAlertsInput> = {}) {
  requirePermission(ctx, 'console.read');
  const q = listAlertsInput.parse(input);
  const cond = and(q.model ? eq(models.name, q.model) : undefined, q.status ? eq(alerts.status, q.status) : undefined);
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select({
        alert: alerts,
        rule: { name: alertRules.name, metric: alertRules.metric, severity: alertRules.severity, threshold: alertRules.threshold, windowMinutes: alertRules.windowMinutes },
        model: models.name,
        version: modelVersions.version,
        acknowledgedBy: ackUser.email,
        silencedBy: silenceUser.email,
        silenced: sql<boolean>`coalesce(${alerts.silencedUntil} > now(), false)`,
      })
      .from(alerts)
      .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
      .innerJoin(models, eq(models.id, alerts.modelId))
      .leftJoin(modelVersions, eq(modelVersions.id, alerts.versionId))
      .leftJoin(ackUser, eq(ackUser.id, alerts.acknowledgedBy))
      .leftJoin(silenceUser, eq(silenceUser.id, alerts.silencedBy))
      .where(cond)
      .orderBy(...orderFor(alerts.firedAt, q.dir, alerts.id))
      .limit(q.limit)
      .offset(q.offset),
    ctx.db.select({ total: count() }).from(alerts).innerJoin(models, eq(models.id, alerts.modelId)).where(cond),
  ]);
  return { rows, total, offset: q.offset, limit: q.limit };
}
