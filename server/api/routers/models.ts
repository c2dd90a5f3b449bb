import { z } from 'zod';
import { getLineage } from '@/server/services/lineage/get-lineage';
import { computeImportance, getImportance, versionRef } from '@/server/services/models/feature-importance';
import { getGainImportance } from '@/server/services/models/gain-importance';
import { pickNames, pickNamesInput } from '@/server/services/lists/pick-names';
import { listModelsPage, listModelsPageInput } from '@/server/services/models/list-models-page';
import { getModel, getModelVersion } from '@/server/services/models/queries';
import { registerFromRun, registerFromRunInput } from '@/server/services/models/register-version';
import { updateModelVersion, updateVersionInput } from '@/server/services/models/update-version';
import { permissionProcedure, router } from '../trpc';

// ONNX uploads are streamed through the REST route app/api/models/[name]/versions/route.ts.
export const modelsRouter = router({
  /** Bounded, searchable names for a form's picker (the table reads `page`). */
  pick: permissionProcedure('console.read').input(pickNamesInput).query(({ ctx, input }) => pickNames(ctx, 'models', input)),
  page: permissionProcedure('console.read').input(listModelsPageInput).query(({ ctx, input }) => listModelsPage(ctx, input)),
  get: permissionProcedure('console.read').input(z.object({ name: z.string() })).query(({ ctx, input }) => getModel(ctx, input)),
  version: permissionProcedure('console.read').input(z.object({ name: z.string(), version: z.number().int().positive() })).query(({ ctx, input }) => getModelVersion(ctx, input)),
  lineage: permissionProcedure('console.read').input(z.object({ versionId: z.string().uuid() })).query(({ ctx, input }) => getLineage(ctx, input)),
  importance: permissionProcedure('console.read').input(versionRef).query(({ ctx, input }) => getImportance(ctx, input)),
  gainImportance: permissionProcedure('console.read').input(versionRef).query(({ ctx, input }) => getGainImportance(ctx, input)),
  computeImportance: permissionProcedure('training.run').input(versionRef).mutation(({ ctx, input }) => computeImportance(ctx, input)),
  registerFromRun: permissionProcedure('model.write').input(registerFromRunInput).mutation(({ ctx, input }) => registerFromRun(ctx, input)),
  updateVersion: permissionProcedure('model.write').input(updateVersionInput).mutation(({ ctx, input }) => updateModelVersion(ctx, input)),
});
