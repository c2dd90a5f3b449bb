import crypto from 'node:crypto';
import { and, eq, max } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/server/db/client';
import { featureSpecs, models, modelVersions, runs } from '@/server/db/schema';
import { canonicalJson, specSha256 } from '@/server/ml/features/hash';
import { InputMappingError, parseInputMapping } from '@/server/ml/onnx/input-mapping';
import { keyForSha } from '@/server/storage/artifact-store';
import { artifactStore } from '@/server/storage';
import { env } from '@/server/env';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type Actor, type ServiceContext } from '../context';
import { badRequest, notFound } from '../errors';
import { inTransaction } from '../transaction';
import { assertServable } from '@/server/scoring/load-version';
import type { ModelSignature } from '@/server/ml/onnx/signature';
import { validateOnnx } from './validate-onnx';
import { datasetVersionOrRefuse, mapUpload, type MappedUpload } from './map-upload';

/** Refuses bytes that serving could not load and read, by serving's own loading code; returns what serving reads. */
export async function servableOrRefuse(bytes: Uint8Array): Promise<ModelSignature> {
  try {
    return await assertServable(bytes);
  } catch (e) {
    throw badRequest(`serving could not load this model: ${(e as Error).message}`, 'file');
  }
}

export const modelNameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(100)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'may hold lowercase letters, digits, dot, dash and underscore, starting with a letter or digit');

const tagsSchema = z.array(z.string().trim().min(1).max(50)).max(20).default([]);

export const registerFromRunInput = z.object({
  runId: z.string().uuid(),
  model: modelNameSchema,
  tags: tagsSchema,
  card: z.string().max(20_000).default(''),
});

/** The task columns of a version, from what serving read. */
export function taskColumns(sig: ModelSignature): { task: ModelSignature['output']['task']; classes: string[] | null } {
  return { task: sig.output.task, classes: sig.output.task === 'multiclass' ? sig.output.classes : null };
}

/**
 * Locks (or creates) the model row and returns the next version number. A model has one task:
 * its aliases, canary comparisons, gates and monitoring compare versions that predict the same
 * kind of thing, so a version of another task is refused (register it under a new name).
 */
async function nextVersion(tx: Tx, actor: Actor, name: string, task: ModelSignature['output']['task']) {
  await tx.insert(models).values({ name, createdBy: actor.kind === 'user' ? actor.id : null }).onConflictDoNothing();
  const [m] = await tx.select().from(models).where(eq(models.name, name)).for('update');
  const [{ v }] = await tx.select({ v: max(modelVersions.version) }).from(modelVersions).where(eq(modelVersions.modelId, m.id));
  if (v !== null) {
    const [last] = await tx.select({ task: modelVersions.task }).from(modelVersions).where(and(eq(modelVersions.modelId, m.id), eq(modelVersions.version, v)));
    if (last && last.task !== task) {
      throw badRequest(`model '${name}' predicts ${last.task}; this version is a ${task} model. A model keeps one task: register it under a new model name`, 'model');
    }
  }
  return { model: m, version: (v ?? 0) + 1 };
}

/** Registers a succeeded run's artifact as the next version of `model` (created if new). */
export async function registerFromRun(ctx: ServiceContext, input: z.input<typeof registerFromRunInput>) {
  const actor = requirePermission(ctx, 'model.write');
  const data = registerFromRunInput.parse(input);
  const [run] = await ctx.db.select().from(runs).where(eq(runs.id, data.runId));
  if (!run) throw notFound('run');
  if (run.status !== 'succeeded' || !run.artifactSha256) throw badRequest(`only a succeeded run can be registered; this run is ${run.status}`, 'runId');
  // Read the artifact back and describe it: the registry trusts the stored bytes, not the run row.
  const bytes = await artifactStore().getBytes(keyForSha(run.artifactSha256));
  const signature = await validateOnnx(bytes, env().VIGIL_MAX_MODEL_BYTES);
  const served = taskColumns(await servableOrRefuse(bytes));
  return inTransaction(ctx, async (tx) => {
    const { model, version } = await nextVersion(tx, actor, data.model, served.task);
    const [existing] = await tx.select().from(modelVersions).where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.runId, run.id)));
    if (existing) return { model, version: existing, created: false };
    const metrics = run.metrics as { training?: unknown; validation?: { metrics?: unknown } | null } | null;
    const [mv] = await tx
      .insert(modelVersions)
      .values({
        modelId: model.id,
        version,
        source: 'run',
        runId: run.id,
        featureSpecId: run.featureSpecId,
        artifactSha256: run.artifactSha256!,
        artifactSize: bytes.byteLength,
        signature,
        ...served,
        metrics: { training: metrics?.training ?? null, validation: metrics?.validation?.metrics ?? null },
        tags: data.tags,
        card: data.card,
        createdBy: actor.kind === 'user' ? actor.id : null,
      })
      .returning();
    await writeAudit(tx, actor, {
      action: 'model_version.register',
      targetType: 'model_version',
      targetId: mv.id,
      after: { model: model.name, version, source: 'run', runId: run.id, artifactSha256: mv.artifactSha256 },
    });
    return { model, version: mv, created: true };
  });
}

export const uploadModelInput = z.object({
  model: modelNameSchema,
  tags: tagsSchema,
  card: z.string().max(20_000).default(''),
  filename: z.string().max(255).optional(),
  /** The request's Content-Length, when it sent one: refused before reading when over the limit. */
  declaredBytes: z.number().int().nonnegative().optional(),
  /**
   * For a model taking one tensor [N, d]: `{"columns": [...]}` or `{"featureSpec": {...}}` (JSON
   * text or a value), applied to the graph before it is stored (server/ml/onnx/input-mapping.ts).
   */
  inputMapping: z.unknown().optional(),
  /** The dataset version the version's drift reference (and a mapping's fit and parity) comes from. */
  datasetVersionId: z.string().uuid('must be a dataset version id').optional(),
});

/**
 * Registers an ONNX model built elsewhere: validated (static checks, then a load in a child
 * process), signature read, stored. `body` is read only after the permission check, and never
 * past VIGIL_MAX_MODEL_BYTES.
 */
export async function uploadModelVersion(ctx: ServiceContext, input: z.input<typeof uploadModelInput>, body: Uint8Array | AsyncIterable<Uint8Array>) {
  const actor = requirePermission(ctx, 'model.write');
  const data = uploadModelInput.parse(input);
  const max = env().VIGIL_MAX_MODEL_BYTES;
  if (data.declaredBytes !== undefined && data.declaredBytes > max) throw badRequest(`the upload is ${data.declaredBytes} bytes, over the limit of ${max} bytes (VIGIL_MAX_MODEL_BYTES)`, 'file');
  // The mapping is checked before the body is read: a bad one costs no upload.
  let mapping: ReturnType<typeof parseInputMapping> | null = null;
  if (data.inputMapping !== undefined && data.inputMapping !== '') {
    try {
      mapping = parseInputMapping(data.inputMapping);
    } catch (e) {
      if (e instanceof InputMappingError) throw badRequest(`input mapping: ${e.message}`, 'inputMapping');
      throw e;
    }
  }
  if (data.datasetVersionId) await datasetVersionOrRefuse(ctx.db, data.datasetVersionId);
  const uploaded = body instanceof Uint8Array ? body : await readLimited(body, max);
  let signature = await validateOnnx(uploaded, max);
  let bytes = uploaded;
  let mapped: MappedUpload | null = null;
  if (mapping) {
    mapped = await mapUpload(ctx.db, uploaded, mapping, data.datasetVersionId);
    bytes = mapped.bytes;
    // The stored artifact is the rewritten graph: it passes the same checks as any upload.
    signature = await validateOnnx(bytes, max);
  }
  const served = taskColumns(await servableOrRefuse(bytes));
  const stored = await artifactStore().putBytes(bytes);
  return inTransaction(ctx, async (tx) => {
    const { model, version } = await nextVersion(tx, actor, data.model, served.task);
    const [mv] = await tx
      .insert(modelVersions)
      .values({
        modelId: model.id,
        version,
        source: 'upload',
        featureSpecId: mapped ? await storeSpec(tx, mapped.spec, data.datasetVersionId ?? null) : null,
        referenceDatasetVersionId: data.datasetVersionId ?? null,
        artifactSha256: stored.sha256,
        artifactSize: stored.size,
        signature: mapped ? { ...signature, inputMapping: mapped.summary } : signature,
        ...served,
        tags: data.tags,
        card: data.card || (data.filename ? `Uploaded from ${data.filename}.` : ''),
        createdBy: actor.kind === 'user' ? actor.id : null,
      })
      .returning();
    await writeAudit(tx, actor, {
      action: 'model_version.register',
      targetType: 'model_version',
      targetId: mv.id,
      after: {
        model: model.name,
        version,
        source: 'upload',
        artifactSha256: mv.artifactSha256,
        filename: data.filename ?? null,
        ...(mapped ? { inputMapping: mapped.summary, uploadedSha256: sha256Of(uploaded) } : {}),
        ...(data.datasetVersionId ? { datasetVersionId: data.datasetVersionId } : {}),
      },
    });
    return { model, version: mv, created: true };
  });
}

/** The spec a mapped upload applies, kept like a run's (one row per distinct fitted spec). */
async function storeSpec(tx: Tx, spec: MappedUpload['spec'], fittedOn: string | null): Promise<string> {
  const sha256 = specSha256(spec);
  await tx.insert(featureSpecs).values({ sha256, spec: JSON.parse(canonicalJson(spec)) as unknown, fittedOnDatasetVersionId: fittedOn }).onConflictDoNothing();
  const [row] = await tx.select({ id: featureSpecs.id }).from(featureSpecs).where(eq(featureSpecs.sha256, sha256));
  return row.id;
}

const sha256Of = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

/** Reads a streamed body up to `max` bytes; past that, stops reading and refuses (no unbounded buffering). */
export async function readLimited(body: AsyncIterable<Uint8Array>, max: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const c of body) {
    size += c.byteLength;
    if (size > max) throw badRequest(`the upload is over the limit of ${max} bytes (VIGIL_MAX_MODEL_BYTES)`, 'file');
    parts.push(c);
  }
  return Buffer.concat(parts);
}
