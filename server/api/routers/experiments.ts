import { z } from 'zod';
import { createExperiment, createExperimentInput } from '@/server/services/experiments/create-experiment';
import { experimentSpecVersions, experimentSpecsInput } from '@/server/services/experiments/spec-versions';
import { pickNames, pickNamesInput } from '@/server/services/lists/pick-names';
import { listExperimentsPage, listExperimentsPageInput } from '@/server/services/experiments/list-experiments-page';
import { compareRuns, getExperiment, getRun } from '@/server/services/experiments/queries';
import { columnChoices, columnChoicesInput } from '@/server/services/runs/column-choices';
import { listRuns, listRunsInput } from '@/server/services/runs/list-runs';
import { reproduceRun, reproduceRunInput } from '@/server/services/runs/reproduce-run';
import { startRun, startRunInput } from '@/server/services/runs/start-run';
import { trainerCatalog } from '@/server/services/runs/trainer-catalog';
import { permissionProcedure, router } from '../trpc';

export const experimentsRouter = router({
  /** Bounded, searchable names for a form's picker (the table reads `page`). */
  pick: permissionProcedure('console.read').input(pickNamesInput).query(({ ctx, input }) => pickNames(ctx, 'experiments', input)),
  page: permissionProcedure('console.read').input(listExperimentsPageInput).query(({ ctx, input }) => listExperimentsPage(ctx, input)),
  get: permissionProcedure('console.read').input(z.object({ id: z.string().uuid() })).query(({ ctx, input }) => getExperiment(ctx, input)),
  specs: permissionProcedure('console.read').input(experimentSpecsInput).query(({ ctx, input }) => experimentSpecVersions(ctx, input)),
  create: permissionProcedure('training.run').input(createExperimentInput).mutation(({ ctx, input }) => createExperiment(ctx, input)),
});

export const runsRouter = router({
  list: permissionProcedure('console.read').input(listRunsInput).query(({ ctx, input }) => listRuns(ctx, input)),
  get: permissionProcedure('console.read').input(z.object({ id: z.string().uuid() })).query(({ ctx, input }) => getRun(ctx, input)),
  compare: permissionProcedure('console.read').input(z.object({ ids: z.array(z.string().uuid()).max(20) })).query(({ ctx, input }) => compareRuns(ctx, input)),
  trainers: permissionProcedure('console.read').query(() => trainerCatalog()),
  columns: permissionProcedure('console.read').input(columnChoicesInput).query(({ ctx, input }) => columnChoices(ctx, input)),
  start: permissionProcedure('training.run').input(startRunInput).mutation(({ ctx, input }) => startRun(ctx, input)),
  reproduce: permissionProcedure('training.run').input(reproduceRunInput).mutation(({ ctx, input }) => reproduceRun(ctx, input)),
});
