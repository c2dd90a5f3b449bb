import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { datasets, datasetVersions } from '@/server/db/schema';
import { env } from '@/server/env';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { actorOf, makeUser, uniq } from './helpers/factories';
import { chunksOf, learnableCsv } from './helpers/csv';

async function ctxFor(role: 'engineer' | 'viewer' = 'engineer') {
  return { db: db(), actor: actorOf(await makeUser(role)) };
}

function storedObjects(): string[] {
  const dir = path.resolve(env().VIGIL_ARTIFACTS_DIR, 'sha256');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).flatMap((d) => fs.readdirSync(path.join(dir, d)));
}

/** Upload temp files left behind (other tests' workers write their own temp files; ignore those). */
function uploadTempFiles(): string[] {
  const dir = path.resolve(env().VIGIL_ARTIFACTS_DIR, 'tmp');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith('upload.')) : [];
}

describe('dataset upload', () => {
  it('stores a version named by the SHA-256 of its bytes, with an inferred schema', async () => {
    const ctx = await ctxFor();
    const name = uniq('ds');
    const csv = learnableCsv(120);
    const res = await uploadDataset(ctx, { name, filename: 'a.csv' }, chunksOf(csv, 333));
    expect(res.created).toBe(true);
    expect(res.version.sha256).toBe(crypto.createHash('sha256').update(csv).digest('hex'));
    expect(res.version.rowCount).toBe(120);
    expect(res.version.schema).toEqual([
      { name: 'x1', type: 'numeric', nullable: false },
      { name: 'x2', type: 'numeric', nullable: true },
      { name: 'region', type: 'categorical', nullable: false },
      { name: 'y', type: 'numeric', nullable: false },
    ]);
    expect(storedObjects()).toContain(res.version.sha256);
  });

  it('returns the existing version when the same bytes are uploaded again', async () => {
    const ctx = await ctxFor();
    const name = uniq('ds');
    const csv = learnableCsv(50, 9);
    const a = await uploadDataset(ctx, { name }, chunksOf(csv));
    const b = await uploadDataset(ctx, { name }, chunksOf(csv, 7));
    expect(b.created).toBe(false);
    expect(b.version.id).toBe(a.version.id);
    const versions = await db().select().from(datasetVersions).where(eq(datasetVersions.datasetId, a.dataset.id));
    expect(versions).toHaveLength(1);
  });

  const BAD: [string, string, RegExp][] = [
    ['ragged rows', 'a,b,c\n1,2,3\n4,5\n', /line 3: expected 3 fields, found 2/],
    ['an empty file', '', /empty/],
    ['a header with no rows', 'a,b\n', /no data rows/],
    ['duplicate header names', 'a,b,a\n1,2,3\n', /duplicate/],
    ['an empty header name', 'a,,c\n1,2,3\n', /empty/],
    ['an unterminated quote', 'a,b\n1,"2\n', /unterminated quoted field/],
  ];
  for (const [what, body, re] of BAD) {
    it(`rejects ${what} with a message naming the place, storing nothing`, async () => {
      const ctx = await ctxFor();
      const name = uniq('bad');
      await expect(uploadDataset(ctx, { name }, chunksOf(body))).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(re) });
      expect(storedObjects()).not.toContain(crypto.createHash('sha256').update(body).digest('hex'));
      expect(uploadTempFiles()).toEqual([]);
      expect(await db().select().from(datasets).where(eq(datasets.name, name))).toHaveLength(0);
    });
  }

  it('rejects binary content as not a CSV file', async () => {
    const ctx = await ctxFor();
    const bytes = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe, 0x00, 0x10]);
    await expect(uploadDataset(ctx, { name: uniq('bin') }, chunksOf(bytes))).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/not a CSV file/) });
  });

  it('rejects a dataset name that is not a simple identifier, naming the field', async () => {
    const ctx = await ctxFor();
    await expect(uploadDataset(ctx, { name: '../etc' }, chunksOf('a\n1\n'))).rejects.toThrow(/name/);
  });

  it('is refused to a viewer', async () => {
    const ctx = await ctxFor('viewer');
    await expect(uploadDataset(ctx, { name: uniq('v') }, chunksOf('a\n1\n'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
