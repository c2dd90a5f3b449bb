// The tRPC root router: one sub-router per domain, each a thin adapter over services/.
import { auditRouter } from './routers/audit';
import { meRouter } from './routers/me';
import { usersRouter } from './routers/users';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  me: meRouter,
  users: usersRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
