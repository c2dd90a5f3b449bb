import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

export const datasets = pgTable(
  'datasets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull().unique(),
    description: text('description'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Prefix search (services/search/resolve.ts).
  (t) => [index('datasets_name_prefix_idx').using('btree', sql`lower(${t.name}) text_pattern_ops`)],
);

/**
 * An immutable version of a dataset, named by the SHA-256 of its bytes. The bytes live in the
 * artifact store under that hash; schema is inferred at upload, the profile by a worker job.
 */
export const datasetVersions = pgTable(
  'dataset_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    datasetId: uuid('dataset_id').notNull().references(() => datasets.id),
    sha256: text('sha256').notNull(),
    filename: text('filename'),
    byteSize: bigint('byte_size', { mode: 'number' }).notNull(),
    rowCount: integer('row_count').notNull(),
    /** [{ name, type: numeric|categorical, nullable }] in file order. */
    schema: jsonb('schema').$type<{ name: string; type: 'numeric' | 'categorical'; nullable: boolean }[]>().notNull(),
    /** Column profiles (server/ml/data/profile.ts); null until the profile job has run. */
    profile: jsonb('profile'),
    profileStatus: text('profile_status', { enum: ['pending', 'ready', 'failed'] }).notNull().default('pending'),
    profileError: text('profile_error'),
    /** Where a built version's rows came from (retraining from the prediction log); null: uploaded. */
    lineage: jsonb('lineage'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('dataset_versions_dataset_sha_uq').on(t.datasetId, t.sha256), index('dataset_versions_sha_idx').on(t.sha256), index('dataset_versions_sha_prefix_idx').on(t.sha256.op('text_pattern_ops'))],
);

export type Dataset = typeof datasets.$inferSelect;
export type DatasetVersion = typeof datasetVersions.$inferSelect;
