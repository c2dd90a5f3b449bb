// The tRPC root router: one sub-router per domain, each a thin adapter over services/.
import { auditRouter } from './routers/audit';
import { datasetsRouter } from './routers/datasets';
import { experimentsRouter, runsRouter } from './routers/experiments';
import { jobsRouter } from './routers/jobs';
import { meRouter } from './routers/me';
import { modelsRouter } from './routers/models';
import { monitoringRouter, webhooksRouter } from './routers/monitoring';
import { evaluationsRouter, fairnessRouter, promotionsRouter } from './routers/promotions';
import { retrainingRouter } from './routers/retraining';
import { tokensRouter } from './routers/tokens';
import { aliasesRouter, batchRouter, demoRouter, predictionsRouter, servingKeysRouter } from './routers/serving';
import { overviewRouter } from './routers/overview';
import { searchRouter } from './routers/search';
import { sweepsRouter } from './routers/sweeps';
import { usersRouter } from './routers/users';
import { workersRouter } from './routers/workers';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  me: meRouter,
  users: usersRouter,
  tokens: tokensRouter,
  audit: auditRouter,
  datasets: datasetsRouter,
  experiments: experimentsRouter,
  runs: runsRouter,
  models: modelsRouter,
  jobs: jobsRouter,
  aliases: aliasesRouter,
  predictions: predictionsRouter,
  servingKeys: servingKeysRouter,
  batch: batchRouter,
  demo: demoRouter,
  monitoring: monitoringRouter,
  webhooks: webhooksRouter,
  promotions: promotionsRouter,
  evaluations: evaluationsRouter,
  fairness: fairnessRouter,
  search: searchRouter,
  overview: overviewRouter,
  retraining: retrainingRouter,
  workers: workersRouter,
  sweeps: sweepsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
