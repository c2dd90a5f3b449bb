import { z } from 'zod';
import { tracePrediction } from '@/server/services/predictions/trace-prediction';
import { resolveSearch } from '@/server/services/search/resolve';
import { permissionProcedure, router } from '../trpc';

export const searchRouter = router({
  // Length and content are checked in the service, which names the field in its error.
  resolve: permissionProcedure('console.read').input(z.object({ q: z.string().max(10_000) })).query(({ ctx, input }) => resolveSearch(ctx, input)),
  prediction: permissionProcedure('console.read').input(z.object({ id: z.string().uuid() })).query(({ ctx, input }) => tracePrediction(ctx, input)),
});
