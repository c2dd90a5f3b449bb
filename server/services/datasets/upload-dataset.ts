import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { env } from '@/server/env';
import { datasets, datasetVersions } from '@/server/db/schema';
import { dispatch, enqueue } from '@/server/queue/enqueue';
import { artifactStore } from '@/server/storage';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest } from '../errors';
import { inTransaction } from '../transaction';
import { ingestCsv, IngestError } from './ingest-csv';

export const datasetNameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'may hold letters, digits, dot, dash and underscore, starting with a letter or digit');

export const uploadDatasetInput = z.object({
  name: datasetNameSchema,
  description: z.string().max(2000).optional(),
  filename: z.string().max(255).optional(),
  /** The request's Content-Length, when it sent one: refused before reading when over the limit. */
  declaredBytes: z.number().int().nonnegative().optional(),
});

/**
 * Uploads a CSV as a new version of dataset `name` (created on first upload). The version is
 * named by the SHA-256 of the bytes: the same bytes again return the existing version. Invalid
 * input stores nothing and names the line/column at fault.
 */
export async function uploadDataset(ctx: ServiceContext, input: z.input<typeof uploadDatasetInput>, body: AsyncIterable<Uint8Array>) {
  const actor = requirePermission(ctx, 'dataset.write');
  const meta = uploadDatasetInput.parse(input);
  const max = env().VIGIL_MAX_DATASET_BYTES;
  if (meta.declaredBytes !== undefined && meta.declaredBytes > max) throw badRequest(`the upload is ${meta.declaredBytes} bytes, over the limit of ${max} bytes (VIGIL_MAX_DATASET_BYTES)`, 'file');
  const store = artifactStore();
  let ingested;
  try {
    ingested = await ingestCsv(body, await store.tempPath(), env().VIGIL_MAX_DATASET_BYTES);
  } catch (e) {
    if (e instanceof IngestError) throw badRequest(e.message, e.column ? `file: column ${e.column}` : 'file');
    throw e;
  }
  const stored = await store.putFile(ingested.tempPath, ingested.sha256);
  const result = await inTransaction(ctx, async (tx) => {
    let [ds] = await tx.select().from(datasets).where(eq(datasets.name, meta.name));
    if (!ds) {
      [ds] = await tx.insert(datasets).values({ name: meta.name, description: meta.description, createdBy: actor.kind === 'user' ? actor.id : null }).onConflictDoNothing().returning();
      ds ??= (await tx.select().from(datasets).where(eq(datasets.name, meta.name)))[0];
      await writeAudit(tx, actor, { action: 'dataset.create', targetType: 'dataset', targetId: ds.id, after: { name: ds.name } });
    }
    const [existing] = await tx.select().from(datasetVersions).where(and(eq(datasetVersions.datasetId, ds.id), eq(datasetVersions.sha256, stored.sha256)));
    if (existing) return { dataset: ds, version: existing, created: false, jobId: null };
    const [version] = await tx
      .insert(datasetVersions)
      .values({
        datasetId: ds.id,
        sha256: stored.sha256,
        filename: meta.filename,
        byteSize: stored.size,
        rowCount: ingested.rowCount,
        schema: ingested.schema,
        createdBy: actor.kind === 'user' ? actor.id : null,
      })
      .returning();
    await writeAudit(tx, actor, {
      action: 'dataset_version.create',
      targetType: 'dataset_version',
      targetId: version.id,
      after: { dataset: ds.name, sha256: version.sha256, rows: version.rowCount, columns: ingested.schema.length },
    });
    // The job row commits with the version (outbox); BullMQ gets it after commit.
    const job = await enqueue(tx, actor, 'profileDataset', { v: 1, datasetVersionId: version.id }, {
      title: `profile ${ds.name}@${version.sha256.slice(0, 8)}`,
      targetType: 'dataset_version',
      targetId: version.id,
    });
    return { dataset: ds, version, created: true, jobId: job.id };
  });
  if (result.created && result.jobId) await dispatch(ctx.db, [result.jobId]);
  return { dataset: result.dataset, version: result.version, created: result.created };
}
