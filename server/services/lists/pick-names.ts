// Pickers (a <select> of models, datasets or experiments in a form) read a bounded, searchable
// list instead of every row: the newest `limit` names, or with `q` the names containing it
// (those starting with it first). `more` says there are further matches, so the picker can ask
// for typing instead of pretending the list is complete.
import { desc, like, sql } from 'drizzle-orm';
import { z } from 'zod';
import { datasets, experiments, models } from '@/server/db/schema';
import { requirePermission, type ServiceContext } from '../context';
import { containsPattern, filterText } from './list-query';

export const PICK_KINDS = ['models', 'datasets', 'experiments'] as const;
export type PickKind = (typeof PICK_KINDS)[number];
/** The most names a picker shows at once. */
export const MAX_PICK = 50;

export const pickNamesInput = z
  .object({
    q: filterText.optional(),
    limit: z.number().int().min(1).max(MAX_PICK).default(20),
  })
  .strict();
export type PickNamesInput = z.input<typeof pickNamesInput>;

const TABLES = { models, datasets, experiments } as const;

export async function pickNames(ctx: ServiceContext, kind: PickKind, input: PickNamesInput): Promise<{ rows: { id: string; name: string }[]; more: boolean }> {
  requirePermission(ctx, 'console.read');
  const q = pickNamesInput.parse(input);
  const t = TABLES[kind];
  const lower = sql`lower(${t.name})`;
  const escaped = q.q ? containsPattern(q.q) : null;
  const rows = await ctx.db
    .select({ id: t.id, name: t.name })
    .from(t)
    .where(escaped ? like(lower, escaped) : undefined)
    // With a query: names starting with it first, then alphabetical. Without: the newest, the
    // ones a form is most often about to use.
    .orderBy(...(escaped ? [sql`(${lower} like ${escaped.slice(1)}) desc`, sql`${lower} asc`] : [desc(t.createdAt)]), t.id)
    .limit(q.limit + 1);
  return { rows: rows.slice(0, q.limit), more: rows.length > q.limit };
}
