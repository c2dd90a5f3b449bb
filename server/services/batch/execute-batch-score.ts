// The worker's batch scoring: reads the dataset version, validates each row against the
// version's signature (invalid rows are skipped and counted, with the first reasons logged),
// scores in chunks, logs every scored row as route `batch` (COPY) and stores a result CSV.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { db, pool } from '@/server/db/client';
import { batchScores, datasetVersions, models, modelVersions } from '@/server/db/schema';
import { csvCell } from '@/server/ml/data/csv-write';
import { rowObject } from '@/server/ml/data/table';
import { UnsafeModelError } from '@/server/ml/onnx/model-safety';
import type { JobReporter } from '@/server/queue/tracked-job';
import { PermanentJobError } from '@/server/queue/tracked-job';
import { loadVersion } from '@/server/scoring/load-version';
import { copyRecords } from '@/server/serving/log-shipper';
import { scoreValidRows } from '@/server/scoring/score-rows';
import type { PredictionRecord } from '@/server/serving/prediction-record';
import { outputCells, outputColumns, outputsOf } from '@/server/scoring/task-outputs';
import { keyForSha } from '@/server/storage/artifact-store';
import { artifactStore } from '@/server/storage';
import { readStoredTable } from '@/server/storage/read-table';
import { writeAudit } from '../audit/write-audit';
import { systemActor } from '../context';
import { logHandled } from '@/server/observability/handled';
import { logger } from '@/server/observability/logger';

const CHUNK = 5000;
const log = logger({ component: 'batch-score' });

/** On a GPU worker, the device index the job holds (see server/queue/gpu-slots.ts). */
export interface BatchPlacement {
  gpu?: string;
}

export async function executeBatchScore(id: string, r: JobReporter, placement: BatchPlacement = {}): Promise<void> {
  const database = db();
  const [row] = await database
    .select({ b: batchScores, mv: modelVersions, model: models, dv: datasetVersions })
    .from(batchScores)
    .innerJoin(modelVersions, eq(modelVersions.id, batchScores.modelVersionId))
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .innerJoin(datasetVersions, eq(datasetVersions.id, batchScores.datasetVersionId))
    .where(eq(batchScores.id, id));
  if (!row) throw new PermanentJobError(`batch score ${id} not found`);
  if (row.b.status === 'succeeded') return;
  await database.update(batchScores).set({ status: 'running' }).where(eq(batchScores.id, id));
  const table = await readStoredTable(row.dv.sha256);
  const bytes = await artifactStore().getBytes(keyForSha(row.mv.artifactSha256));
  const lv = await loadVersion({ versionId: row.mv.id, modelId: row.model.id, modelName: row.model.name, version: row.mv.version }, bytes, 1024, placement.gpu).catch((e: unknown) => {
    // A stored model the safety checks refuse will never load: fail at once, no retries.
    if (e instanceof UnsafeModelError) throw new PermanentJobError(`the model is refused: ${e.message}`);
    throw e;
  });
  if (placement.gpu !== undefined) {
    if (lv.providerFallback) log.warn({ batchScoreId: id, gpu: placement.gpu, reason: lv.providerFallback }, 'batch scoring on CPU on a GPU worker');
    await r.log(lv.providerFallback ? `on GPU device ${placement.gpu}: ${lv.providerFallback}` : `scoring with onnxruntime's CUDA execution provider on GPU device ${placement.gpu}`, lv.providerFallback ? 'warn' : 'info');
  }
  const store = artifactStore();
  const tmp = await store.tempPath();
  const out = fs.createWriteStream(tmp);
  // Per task, the columns `vigil predict` writes (binary adds its 0/1 label), then the log's id.
  const task = lv.signature.output;
  const outCols = task.task === 'binary' ? ['score', 'label'] : outputColumns(task);
  out.write([...table.header, ...outCols, 'prediction_id'].map(csvCell).join(',') + '\n');
  let scored = 0;
  let skipped = 0;
  // Deterministic ids per (batch, row): a retried job re-logs the same ids, which the log ignores.
  const idFor = (i: number) => {
    const h = crypto.createHash('sha256').update(`${id}:${i}`).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
  const ts = new Date().toISOString();
  try {
    for (let start = 0; start < table.rowCount; start += CHUNK) {
      const end = Math.min(table.rowCount, start + CHUNK);
      const objects = Array.from({ length: end - start }, (_, k) => rowObject(table, start + k));
      const res = await scoreValidRows(lv, objects);
      for (const { index, error } of res.invalid) {
        skipped++;
        if (skipped <= 5) await r.log(`row ${start + index + 1}: ${error.problems.map((p) => `${p.field}: ${p.message}`).join('; ')} — skipped`, 'warn');
      }
      const valid = objects.map((_, k) => start + k).filter((i) => res.logged[i - start] !== null);
      if (valid.length) {
        const records: PredictionRecord[] = valid.map((i) => ({
          id: idFor(i),
          ts,
          model_id: row.model.id,
          version_id: row.mv.id,
          route: 'batch',
          inputs: res.logged[i - start]!,
          outputs: outputsOf(task, res.scores, i - start),
          latency_ms: 0,
          request_key: `batch:${id}`,
          context: null,
        }));
        const client = await pool().connect();
        try {
          await copyRecords(client, records);
        } finally {
          client.release();
        }
        const cells = (i: number, k: number) => {
          const o = records[k].outputs;
          return 'score' in o ? [o.score, o.label] : outputCells(task, res.scores, i - start);
        };
        const lines = valid.map((i, k) => [...table.rows[i], ...cells(i, k), records[k].id].map(csvCell).join(','));
        out.write(lines.join('\n') + '\n');
        scored += valid.length;
      }
      await r.progress(end / table.rowCount);
      if (r.isCancelled()) throw new Error('cancelled');
    }
    await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
    const sha = crypto.createHash('sha256').update(fs.readFileSync(tmp)).digest('hex');
    const stored = await store.putFile(tmp, sha);
    await database.transaction(async (tx) => {
      await tx.update(batchScores).set({ status: 'succeeded', rowsScored: scored, rowsSkipped: skipped, resultSha256: stored.sha256, finishedAt: sql`now()` }).where(eq(batchScores.id, id));
      await writeAudit(tx, systemActor('worker'), { action: 'batch_score.succeed', targetType: 'batch_score', targetId: id, after: { rowsScored: scored, rowsSkipped: skipped, resultSha256: stored.sha256 } });
    });
  } finally {
    out.destroy();
    await fs.promises.rm(tmp, { force: true });
    await lv.session.release().catch(logHandled('batch-score', 'could not release an onnxruntime session'));
  }
}

export async function settleBatchScore(id: string, status: 'failed' | 'cancelled', error: string | null) {
  await db().update(batchScores).set({ status, error, finishedAt: sql`now()` }).where(eq(batchScores.id, id));
}
