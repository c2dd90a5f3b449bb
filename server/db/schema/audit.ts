import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * Append-only record of every state change. A trigger (migration 0001) rejects UPDATE and
 * DELETE, so history cannot be rewritten even by a buggy service or a hand-written query.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** The signed-in user; null for the system (scheduled jobs, the demo seed) or an API key. */
    actorId: uuid('actor_id').references(() => users.id),
    /** Human-readable actor, kept even if the user is renamed: email, `system`, or `api-key:<prefix>`. */
    actorLabel: text('actor_label').notNull(),
    /** Dotted verb, e.g. `user.create`, `alias.move`. */
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    reason: text('reason'),
  },
  (t) => [index('audit_events_at_idx').on(t.at), index('audit_events_target_idx').on(t.targetType, t.targetId), index('audit_events_action_idx').on(t.action)],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
