// Hostile ONNX models (issue 11, findings 1 and 2): external data that would make onnxruntime
// read a server file into the scores, and a tensor-size bomb folded at session creation.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { batchScores, models, modelVersions } from '@/server/db/schema';
import { describeModel } from '@/server/ml/onnx/describe';
import type { JobReporter } from '@/server/queue/tracked-job';
import { executeBatchScore } from '@/server/services/batch/execute-batch-score';
import { startBatchScore } from '@/server/services/batch/start-batch-score';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { uploadModelVersion } from '@/server/services/models/register-version';
import { keyForSha } from '@/server/storage/artifact-store';
import { artifactStore } from '@/server/storage';
import { checkLoadsInChild } from '@/server/services/models/load-check';
import { constantOfShapeBomb, exfiltratingModel, tinyModel } from '../helpers/hostile-onnx';
import { actorOf, makeUser, uniq } from './helpers/factories';
import { chunksOf } from './helpers/csv';

// A secret file in the process's working folder, where a relative external-data location resolves
// (as the repo's .env.local would be).
const SECRET = `NEXTAUTH_SECRET=${crypto.randomBytes(12).toString('hex')}`;
const secretFile = `.h11a-secret-${crypto.randomBytes(4).toString('hex')}`;
fs.writeFileSync(path.resolve(secretFile), SECRET);
afterAll(() => fs.rmSync(path.resolve(secretFile), { force: true }));

async function engineer() {
  return { db: db(), actor: actorOf(await makeUser('engineer')) };
}

const reporter = (): JobReporter & { lines: string[] } => {
  const lines: string[] = [];
  return { jobId: 'test', lines, progress: async () => {}, log: async (m) => void lines.push(m), isCancelled: () => false, checkCancelled: async () => false };
};

describe('ONNX uploads', () => {
  for (const where of ['initializer', 'constant', 'subgraph'] as const) {
    it(`refuses external data in ${where === 'subgraph' ? 'a subgraph (If branch)' : `a ${where}`}, storing nothing`, async () => {
      const ctx = await engineer();
      const name = uniq('exfil').toLowerCase();
      const bytes = exfiltratingModel(secretFile, SECRET.length, where);
      await expect(uploadModelVersion(ctx, { model: name }, bytes)).rejects.toMatchObject({ code: 'BAD_REQUEST', field: 'file', message: expect.stringMatching(/external data/) });
      expect(await db().select().from(models).where(eq(models.name, name))).toHaveLength(0);
    });
  }

  it('refuses a 234-byte ConstantOfShape [16384,16384] bomb statically, naming the node, and the process survives', async () => {
    const ctx = await engineer();
    const bytes = constantOfShapeBomb();
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    await expect(uploadModelVersion(ctx, { model: uniq('bomb').toLowerCase() }, bytes)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/ConstantOfShape.*268435456 elements/),
    });
    // Refused before any session exists: no 2 GiB tensor, no seconds of folding.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 1024 * 1024);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('never scores with a stored model that has external data: batch scoring fails and no secret byte comes back', async () => {
    const ctx = await engineer();
    // The model is already in the artifact store (stored before this check existed).
    const bytes = exfiltratingModel(secretFile, SECRET.length);
    const stored = await artifactStore().putBytes(bytes);
    const name = uniq('stored').toLowerCase();
    const [m] = await db().insert(models).values({ name }).returning();
    const { ['vigil.feature_spec']: _s, ...metadata } = describeModel(bytes).metadata;
    await db().insert(modelVersions).values({ modelId: m.id, version: 1, source: 'upload', artifactSha256: stored.sha256, artifactSize: stored.size, signature: { ...describeModel(bytes), metadata } });
    const csv = `x,pad\n${Array.from({ length: SECRET.length }, (_, i) => `${i},0`).join('\n')}\n`;
    const ds = await uploadDataset(ctx, { name: uniq('idx') }, chunksOf(csv));
    const b = await startBatchScore(ctx, { model: name, version: 1, datasetVersionId: ds.version.id });
    let result = '';
    try {
      const rep = reporter();
      await executeBatchScore(b.id, rep);
      const [row] = await db().select().from(batchScores).where(eq(batchScores.id, b.id));
      result = row.resultSha256 ? (await artifactStore().getBytes(keyForSha(row.resultSha256))).toString() : '';
    } catch (e) {
      expect((e as Error).message).toMatch(/external data/);
    }
    const leaked = result
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => String.fromCharCode(Number(l.split(',')[2])))
      .join('');
    expect(leaked).not.toContain(SECRET.slice(0, 8));
    expect(result).toBe('');
  });

  it('creates the validation session in a child process: its memory never lands in the web process', async () => {
    // Passes the static checks (33.5M elements is the limit) but folding Tile + Add at session
    // creation allocates about 0.5 GB: in the child, not here.
    const bytes = tinyModel({
      nodes: [
        { opType: 'Tile', input: ['c', 'r'], output: ['big'] },
        { opType: 'Add', input: ['big', 'big'], output: ['big2'] },
        { opType: 'ReduceSum', input: ['big2'], output: ['s'], attribute: [{ name: 'keepdims', type: 2, i: 0 }] },
        { opType: 'Mul', input: ['x', 's'], output: ['probability'] },
      ],
      initializer: [{ name: 'c', dataType: 11, dims: [4096], rawData: new Uint8Array(4096 * 8) }, { name: 'r', dataType: 7, dims: [1], int64Data: [8192] }],
    });
    const rssBefore = process.memoryUsage().rss;
    const res = await uploadModelVersion(await engineer(), { model: uniq('fold').toLowerCase() }, bytes);
    expect(res.created).toBe(true);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it('refuses what onnxruntime cannot load, and reports the child\'s memory limit and timeout', async () => {
    const broken = tinyModel({ nodes: [{ opType: 'Add', input: ['x', 'nowhere'], output: ['probability'] }] });
    await expect(uploadModelVersion(await engineer(), { model: uniq('broken').toLowerCase() }, broken)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      field: 'file',
      message: expect.stringMatching(/onnxruntime cannot load this model: .*nowhere/),
    });
    await expect(checkLoadsInChild(tinyModel(), { memoryMb: 300, timeoutMs: 30_000 })).rejects.toThrow(/needs more than 300 MiB/);
    await expect(checkLoadsInChild(tinyModel(), { memoryMb: 2048, timeoutMs: 1 })).rejects.toThrow(/took longer than 0.001 s/);
    await expect(checkLoadsInChild(tinyModel())).resolves.toBeUndefined();
  });
});
