import { z } from 'zod';
import { cancelJob, cancelJobInput } from '@/server/services/jobs/cancel-job';
import { getJob, listJobs, listJobsInput } from '@/server/services/jobs/list-jobs';
import { retryJob, retryJobInput } from '@/server/services/jobs/retry-job';
import { permissionProcedure, router } from '../trpc';

export const jobsRouter = router({
  list: permissionProcedure('console.read').input(listJobsInput).query(({ ctx, input }) => listJobs(ctx, input)),
  get: permissionProcedure('console.read').input(z.object({ jobId: z.string().uuid() })).query(({ ctx, input }) => getJob(ctx, input)),
  cancel: permissionProcedure('training.run').input(cancelJobInput).mutation(({ ctx, input }) => cancelJob(ctx, input)),
  retry: permissionProcedure('training.run').input(retryJobInput).mutation(({ ctx, input }) => retryJob(ctx, input)),
});
