import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/api/root';
import { requestActor } from '@/server/api/request-actor';
import { db } from '@/server/db/client';
import { ServiceError } from '@/server/services/errors';
import { TRPC_MAX_BATCH } from '@/lib/trpc-batch';

export const runtime = 'nodejs';

/** Procedures in a batch call (`/api/trpc/a,b,c?batch=1`), counted from the URL alone. */
function batchSize(url: URL): number {
  if (url.searchParams.get('batch') !== '1') return 1;
  const paths = url.pathname.slice(url.pathname.indexOf('/api/trpc/') + '/api/trpc/'.length);
  return paths.split(',').length;
}

const handler = async (req: Request) => {
  // Before authentication or any body parsing: one HTTP request must not stack unbounded work.
  const size = batchSize(new URL(req.url));
  if (size > TRPC_MAX_BATCH) {
    return Response.json({ error: { code: 'BAD_REQUEST', message: `a batch may hold at most ${TRPC_MAX_BATCH} procedures; this one has ${size}` } }, { status: 400 });
  }
  let actor;
  try {
    actor = await requestActor(req);
  } catch (e) {
    if (e instanceof ServiceError) return Response.json({ error: { message: e.message, code: e.code } }, { status: 401 });
    throw e;
  }
  return fetchRequestHandler({ endpoint: '/api/trpc', req, router: appRouter, maxBatchSize: TRPC_MAX_BATCH, createContext: () => ({ db: db(), actor }) });
};

export { handler as GET, handler as POST };
