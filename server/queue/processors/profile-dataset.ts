import { eq } from 'drizzle-orm';
import { db } from '@/server/db/client';
import { datasetVersions } from '@/server/db/schema';
import { limitProfileValues, profileTable } from '@/server/ml/data/profile';
import { readStoredTable } from '@/server/storage/read-table';
import { QUEUES } from '../contract';
import { PermanentJobError, runTracked } from '../tracked-job';
import type { ProcessorSpec } from './index';

export const profileDatasetProcessor: ProcessorSpec = {
  queue: QUEUES.profileDataset.name,
  async process(job) {
    const { datasetVersionId } = QUEUES.profileDataset.payload.parse(job.data);
    await runTracked(job, async (r) => {
      const [dv] = await db().select().from(datasetVersions).where(eq(datasetVersions.id, datasetVersionId));
      if (!dv) throw new PermanentJobError(`dataset version ${datasetVersionId} not found`);
      await r.progress(0.1, `reading ${dv.rowCount} rows`);
      const table = await readStoredTable(dv.sha256);
      await r.progress(0.5, 'profiling columns');
      const profile = limitProfileValues(profileTable(table));
      await db().update(datasetVersions).set({ profile, profileStatus: 'ready', profileError: null }).where(eq(datasetVersions.id, dv.id));
    });
  },
  async onFinalFailure(job, message) {
    const { datasetVersionId } = QUEUES.profileDataset.payload.parse(job.data);
    await db().update(datasetVersions).set({ profileStatus: 'failed', profileError: message }).where(eq(datasetVersions.id, datasetVersionId));
  },
};
