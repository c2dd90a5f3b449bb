// Smaller REST findings of issue 11 (item 10): malformed ids on download routes are a 400 naming
// the field (not a 500), batch result CSVs cannot carry spreadsheet formulas, and /api/health
// tells a caller what is down but not the error text (hosts, users, driver messages).
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { checkHealth } from '@/server/observability/health';
import { executeBatchScore } from '@/server/services/batch/execute-batch-score';
import { startBatchScore } from '@/server/services/batch/start-batch-score';
import { uploadDataset } from '@/server/services/datasets/upload-dataset';
import { uploadModelVersion } from '@/server/services/models/register-version';
import { createToken } from '@/server/services/tokens/tokens';
import type { JobReporter } from '@/server/queue/tracked-job';
import { GET as batchDownload } from '@/app/api/batch-scores/[id]/download/route';
import { GET as datasetDownload } from '@/app/api/datasets/versions/[id]/download/route';
import { GET as artifactDownload } from '@/app/api/models/[name]/versions/[version]/artifact/route';
import { onnx } from '@/server/ml/onnx/proto';
import { actorOf, makeUser, uniq } from './helpers/factories';
import { chunksOf } from './helpers/csv';

async function viewerToken() {
  const u = await makeUser('viewer');
  return (await createToken({ db: db(), actor: actorOf(u) }, { name: 't' })).token;
}
const get = (url: string, token: string) => new Request(url, { headers: { authorization: `Bearer ${token}` } });

describe('download routes', () => {
  it.each([
    ['batch result', (t: string) => batchDownload(get('http://localhost/api/batch-scores/not-a-uuid/download', t), { params: Promise.resolve({ id: 'not-a-uuid' }) }), 'id'],
    ['dataset version', (t: string) => datasetDownload(get('http://localhost/api/datasets/versions/1%27%3B--/download', t), { params: Promise.resolve({ id: "1';--" }) }), 'id'],
    ['model artifact', (t: string) => artifactDownload(get('http://localhost/api/models/m/versions/abc/artifact', t), { params: Promise.resolve({ name: 'm', version: 'abc' }) }), 'version'],
  ])('answer 400 naming the field for a malformed id (%s)', async (_what, call, field) => {
    const res = await call(await viewerToken());
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe(field);
  });
});

describe('batch result CSV', () => {
  it('escapes cells a spreadsheet would run as formulas, and leaves numbers alone', async () => {
    const engineer = { db: db(), actor: actorOf(await makeUser('engineer')) };
    // A model taking a number `x` and a string `note` (unused), scoring sigmoid(x).
    const vi = (name: string, elemType: number) => ({ name, type: { tensorType: { elemType, shape: { dim: [{ dimParam: 'N' }, { dimValue: 1 }] } } } });
    const bytes = onnx.ModelProto.encode({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      graph: {
        name: 'g',
        node: [
          { opType: 'Sigmoid', input: ['x'], output: ['probability'] },
          { opType: 'Identity', input: ['note'], output: ['note_out'] },
        ],
        input: [vi('x', 11), vi('note', 8)],
        output: [vi('probability', 11), vi('note_out', 8)],
      },
    }).finish();
    const name = uniq('csv').toLowerCase();
    await uploadModelVersion(engineer, { model: name }, bytes);
    const notes = ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\tTAB', 'plain'];
    const csv = `x,note\n${notes.map((n, i) => `${i === 0 ? -1.5 : i},"${n.replace(/"/g, '""')}"`).join('\n')}\n`;
    const ds = await uploadDataset(engineer, { name: uniq('ds') }, chunksOf(csv));
    const b = await startBatchScore(engineer, { model: name, version: 1, datasetVersionId: ds.version.id });
    const reporter: JobReporter = { jobId: 't', progress: async () => {}, log: async () => {}, isCancelled: () => false, checkCancelled: async () => false };
    await executeBatchScore(b.id, reporter);
    const res = await batchDownload(get(`http://localhost/api/batch-scores/${b.id}/download`, await viewerToken()), { params: Promise.resolve({ id: b.id }) });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe('x,note,score,label,prediction_id');
    const cells = lines.slice(1).map((l) => l.split(',').slice(0, 2));
    expect(cells).toEqual([
      ['-1.5', `"'=HYPERLINK(""http://evil""`],
      ['1', "'+1+1"],
      ['2', "'-2+3"],
      ['3', "'@SUM(A1)"],
      ['4', "'\tTAB"],
      ['5', 'plain'],
    ]);
  });
});

describe('/api/health', () => {
  it('reports a failing dependency without its error text', async () => {
    const secretish = 'password authentication failed for user "vigil_owner" at db.internal:5432';
    const report = await checkHealth({ database: async () => Promise.reject(new Error(secretish)), redis: async () => 'PONG' });
    expect(report.status).toBe('degraded');
    expect(report.checks.database.ok).toBe(false);
    expect(report.checks.redis.ok).toBe(true);
    expect(JSON.stringify(report)).not.toMatch(/password|vigil_owner|db\.internal/);
  });
});
