// Builds a served model for tests: trains a small model on a learnable CSV (the real
// trainer), registers versions, creates a serving key, and starts a serving gateway in-process.
import { buildTable } from '@/server/ml/data/table';
import { parseCsv } from '@/server/ml/data/csv';
import { trainModel } from '@/server/ml/training/train-model';
import { db } from '@/server/db/client';
import { uploadModelVersion } from '@/server/services/models/register-version';
import { createServingKey } from '@/server/services/serving-keys/serving-keys';
import { moveAlias } from '@/server/services/aliases/move-alias';
import { actorOf, makeUser, uniq } from './factories';
import { learnableCsv } from './csv';

export async function trainedOnnx(seed: number, trainer: 'logreg' | 'gbdt' = 'logreg', opts: { flipLabels?: boolean } = {}) {
  const { header, rows: raw } = parseCsv(learnableCsv(300, seed));
  // A model trained on flipped labels ranks everything backwards: a deliberately bad candidate.
  const rows = opts.flipLabels ? raw.map((r) => [...r.slice(0, 3), r[3] === '1' ? '0' : '1']) : raw;
  const res = await trainModel({ table: buildTable(header, rows), target: 'y', trainer, params: trainer === 'gbdt' ? { n_trees: 10, max_depth: 3 } : {}, seed });
  return res.onnxBytes;
}

export async function servedModel(versions = 2) {
  const admin = await makeUser('admin');
  const ctx = { db: db(), actor: actorOf(admin) };
  const name = uniq('m').toLowerCase();
  for (let i = 1; i <= versions; i++) await uploadModelVersion(ctx, { model: name }, await trainedOnnx(i, i % 2 ? 'logreg' : 'gbdt'));
  const key = await createServingKey(ctx, { name: 'test', models: [name] });
  await moveAlias(ctx, { model: name, alias: 'production', version: 1, reason: 'first release' });
  return { name, key: key.key, keyId: key.id, ctx, admin };
}

export function client(base: string, key: string) {
  return async (path: string, body?: unknown, init: { raw?: string; method?: string } = {}) => {
    const res = await fetch(base + path, {
      method: init.method ?? (body === undefined && init.raw === undefined ? 'GET' : 'POST'),
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: init.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> & { error?: string } };
  };
}

export const goodRow = { x1: 1.5, x2: 2.0, region: 'north' };
