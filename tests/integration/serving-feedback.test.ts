// Feedback joins a prediction acknowledged a moment ago without sealing the active spool
// segment (issue 10: every /v1/feedback used to force a rotation, so any client could make
// serving rotate at will). The spool rotates only every 60 s here, so a rotation would show.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import type { RunningServing } from '@/server/serving/start-serving';
import { client, goodRow, servedModel } from './helpers/serving';

process.env.VIGIL_SPOOL_ROTATE_MS = '60000'; // read by env() on first use in this file's module graph

let serving: RunningServing;
let m: Awaited<ReturnType<typeof servedModel>>;
let call: ReturnType<typeof client>;

beforeAll(async () => {
  m = await servedModel(1);
  const { startServing } = await import('@/server/serving/start-serving');
  serving = await startServing({ port: 0 });
  call = client(`http://127.0.0.1:${serving.port}`, m.key);
});
afterAll(async () => {
  delete process.env.VIGIL_SPOOL_ROTATE_MS;
  await serving.close();
});

describe('feedback for a just-acknowledged prediction', () => {
  it('is accepted from the spool without a rotation, and the prediction ships later', async () => {
    const id = ((await call(`/v1/models/${m.name}/predict`, { rows: [goodRow] })).body.predictions as { prediction_id: string }[])[0].prediction_id;
    const closedBefore = (await serving.spool.closedSegments()).length;
    for (let i = 0; i < 5; i++) {
      const r = await call('/v1/feedback', { labels: [{ prediction_id: id, label: 1 }] });
      expect(r.status).toBe(200);
      expect((r.body.accepted as number) + (r.body.already_labelled as string[]).length).toBe(1);
    }
    expect((await serving.spool.closedSegments()).length).toBe(closedBefore); // no rotation
    const inLog = await db().execute(sql`SELECT count(*)::int AS n FROM predictions WHERE id = ${id}`);
    expect(inLog.rows[0].n).toBe(0); // still only in the spool
    const fb = await db().execute(sql`SELECT label, key_id FROM prediction_feedback WHERE prediction_id = ${id}`);
    expect(fb.rows).toEqual([{ label: 1, key_id: m.keyId }]);
    await serving.shipper.drain();
    expect((await db().execute(sql`SELECT count(*)::int AS n FROM predictions WHERE id = ${id}`)).rows[0].n).toBe(1);
  });
});
