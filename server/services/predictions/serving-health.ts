// What serving could not do, for the console (model page and On-call): versions an instance
// could not load for an alias, and prediction records quarantined because Postgres refused them.
import { sql } from 'drizzle-orm';
import { requirePermission, type ServiceContext } from '../context';

export interface ServingHealth {
  loadFailures: { instance: string; model: string; alias: string; version: number; reason: string; firstAt: string; lastAt: string }[];
  quarantine: { total: number; recent: { id: number; model: string | null; instance: string; segment: string; line: number; reason: string; raw: string; at: string }[] };
}

export async function servingHealth(ctx: ServiceContext, input: { model?: string }): Promise<ServingHealth> {
  requirePermission(ctx, 'console.read');
  const byModel = input.model ? sql`AND m.name = ${input.model}` : sql``;
  const failures = await ctx.db.execute(sql`
    SELECT f.instance, m.name AS model, f.alias, f.version, f.reason, f.first_at AS "firstAt", f.last_at AS "lastAt"
    FROM serving_load_failures f JOIN models m ON m.id = f.model_id
    WHERE true ${byModel} ORDER BY f.last_at DESC LIMIT 100`);
  const quarantineWhere = input.model ? sql`WHERE m.name = ${input.model}` : sql``;
  const total = await ctx.db.execute(sql`SELECT count(*)::int AS n FROM prediction_quarantine q LEFT JOIN models m ON m.id = q.model_id ${quarantineWhere}`);
  const recent = await ctx.db.execute(sql`
    SELECT q.id, m.name AS model, q.instance, q.segment, q.line, q.reason, left(q.raw, 500) AS raw, q.quarantined_at AS at
    FROM prediction_quarantine q LEFT JOIN models m ON m.id = q.model_id ${quarantineWhere}
    ORDER BY q.quarantined_at DESC, q.id DESC LIMIT 20`);
  return {
    loadFailures: failures.rows as ServingHealth['loadFailures'],
    quarantine: { total: Number(total.rows[0].n), recent: recent.rows as ServingHealth['quarantine']['recent'] },
  };
}
