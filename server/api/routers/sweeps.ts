import { z } from 'zod';
import { getSweep, listSweeps, listSweepsInput } from '@/server/services/sweeps/queries';
import { startSweep, startSweepInput } from '@/server/services/sweeps/start-sweep';
import { permissionProcedure, router } from '../trpc';

export const sweepsRouter = router({
  start: permissionProcedure('training.run').input(startSweepInput).mutation(({ ctx, input }) => startSweep(ctx, input)),
  get: permissionProcedure('console.read').input(z.object({ id: z.string().uuid() })).query(({ ctx, input }) => getSweep(ctx, input)),
  list: permissionProcedure('console.read').input(listSweepsInput).query(({ ctx, input }) => listSweeps(ctx, input)),
});
