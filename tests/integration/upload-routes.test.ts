// Permission before body (issue 11, finding 3): a caller who may not upload is refused before the
// route reads the body, so a viewer cannot make the web process buffer 100 MiB.
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { createToken } from '@/server/services/tokens/tokens';
import { POST as postDataset } from '@/app/api/datasets/route';
import { POST as postModelVersion } from '@/app/api/models/[name]/versions/route';
import { actorOf, makeUser, uniq } from './helpers/factories';

const MiB = 1024 * 1024;

/** A 100 MiB body produced on demand, counting what the route actually pulled. */
function hugeBody(total = 100 * MiB) {
  const chunk = new Uint8Array(64 * 1024).fill(0x41);
  const seen = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (seen.pulled >= total) return controller.close();
        seen.pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

async function tokenFor(role: 'viewer' | 'engineer') {
  const u = await makeUser(role);
  return (await createToken({ db: db(), actor: actorOf(u) }, { name: 't' })).token;
}

function post(url: string, token: string, body: ReadableStream<Uint8Array>, contentType: string) {
  return new Request(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body, duplex: 'half' } as RequestInit);
}

describe('upload routes check permission before reading the body', () => {
  it('refuses a viewer\'s 100 MiB model upload with 403 having read (almost) nothing', async () => {
    const token = await tokenFor('viewer');
    const { stream, seen } = hugeBody();
    const name = uniq('m').toLowerCase();
    const res = await postModelVersion(post(`http://localhost/api/models/${name}/versions`, token, stream, 'application/octet-stream'), { params: Promise.resolve({ name }) });
    expect(res.status).toBe(403);
    expect(seen.pulled).toBeLessThan(1 * MiB);
  });

  it('refuses a viewer\'s 100 MiB dataset upload with 403 having read (almost) nothing', async () => {
    const token = await tokenFor('viewer');
    const { stream, seen } = hugeBody();
    const res = await postDataset(post(`http://localhost/api/datasets?name=${uniq('d')}`, token, stream, 'text/csv'));
    expect(res.status).toBe(403);
    expect(seen.pulled).toBeLessThan(1 * MiB);
  });

  it('refuses an engineer\'s model upload whose content-length is over the limit before reading it', async () => {
    const token = await tokenFor('engineer');
    const { stream, seen } = hugeBody(200 * MiB);
    const name = uniq('m').toLowerCase();
    const req = new Request(`http://localhost/api/models/${name}/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'content-length': String(200 * MiB) },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const res = await postModelVersion(req, { params: Promise.resolve({ name }) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/VIGIL_MAX_MODEL_BYTES/);
    expect(seen.pulled).toBeLessThan(1 * MiB);
  });

  it('refuses an engineer\'s dataset upload whose content-length is over the limit before reading it', async () => {
    const token = await tokenFor('engineer');
    const { stream, seen } = hugeBody(300 * MiB);
    const req = new Request(`http://localhost/api/datasets?name=${uniq('d')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': String(300 * MiB) },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const res = await postDataset(req);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/VIGIL_MAX_DATASET_BYTES/);
    expect(seen.pulled).toBeLessThan(1 * MiB);
  });
});
