import { jobPlacement, jobPlacementInput, listWorkers } from '@/server/services/workers/list-workers';
import { permissionProcedure, router } from '../trpc';

export const workersRouter = router({
  list: permissionProcedure('console.read').query(({ ctx }) => listWorkers(ctx)),
  placement: permissionProcedure('console.read').input(jobPlacementInput).query(({ ctx, input }) => jobPlacement(ctx, input)),
});
