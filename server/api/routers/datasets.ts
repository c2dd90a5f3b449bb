import { z } from 'zod';
import { pickNames, pickNamesInput } from '@/server/services/lists/pick-names';
import { listDatasetsPage, listDatasetsPageInput } from '@/server/services/datasets/list-datasets-page';
import { getDataset, getDatasetVersion } from '@/server/services/datasets/queries';
import { permissionProcedure, router } from '../trpc';

// Uploads are streamed through the REST route app/api/datasets/route.ts (a CSV body does not fit a JSON RPC).
export const datasetsRouter = router({
  /** Bounded, searchable names for a form's picker (the table reads `page`). */
  pick: permissionProcedure('console.read').input(pickNamesInput).query(({ ctx, input }) => pickNames(ctx, 'datasets', input)),
  page: permissionProcedure('console.read').input(listDatasetsPageInput).query(({ ctx, input }) => listDatasetsPage(ctx, input)),
  get: permissionProcedure('console.read').input(z.object({ name: z.string() })).query(({ ctx, input }) => getDataset(ctx, input)),
  version: permissionProcedure('console.read').input(z.object({ id: z.string().uuid() })).query(({ ctx, input }) => getDatasetVersion(ctx, input)),
});
