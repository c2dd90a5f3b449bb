import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/api/root';
import { requestActor } from '@/server/api/request-actor';
import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { refuseCrossSite, refuseNonJsonPost } from '@/server/http/origin-check';
import { ServiceError } from '@/server/services/errors';

export const runtime = 'nodejs';

const handler = async (req: Request) => {
  const notJson = refuseNonJsonPost(req);
  if (notJson) return Response.json({ error: { message: notJson, code: 'UNSUPPORTED_MEDIA_TYPE' } }, { status: 415 });
  const crossSite = refuseCrossSite(req, env().NEXTAUTH_URL);
  if (crossSite) return Response.json({ error: { message: crossSite, code: 'FORBIDDEN' } }, { status: 403 });
  let actor;
  try {
    actor = await requestActor(req);
  } catch (e) {
    if (e instanceof ServiceError) return Response.json({ error: { message: e.message, code: e.code } }, { status: 401 });
    throw e;
  }
  return fetchRequestHandler({ endpoint: '/api/trpc', req, router: appRouter, createContext: () => ({ db: db(), actor }) });
};

export { handler as GET, handler as POST };
