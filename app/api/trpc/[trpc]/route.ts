import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/api/root';
import { requestActor } from '@/server/api/request-actor';
import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { refuseCrossSite, refuseNonJsonPost } from '@/server/http/origin-check';
import { ServiceError } from '@/server/services/errors';
import { TRPC_MAX_BATCH, TRPC_MAX_BODY_BYTES } from '@/lib/trpc-batch';
import { bodyChunks, declaredLength } from '@/server/api/rest';

export const runtime = 'nodejs';

/** Procedures in a batch call (`/api/trpc/a,b,c?batch=1`), counted from the URL alone. */
function batchSize(url: URL): number {
  if (url.searchParams.get('batch') !== '1') return 1;
  const paths = url.pathname.slice(url.pathname.indexOf('/api/trpc/') + '/api/trpc/'.length);
  return paths.split(',').length;
}

/** The body text read up to TRPC_MAX_BODY_BYTES (null when there is none), or 'too-large' without reading further. */
async function boundedBody(req: Request): Promise<string | null | 'too-large'> {
  if (!req.body) return null;
  const declared = declaredLength(req);
  if (declared !== undefined && declared > TRPC_MAX_BODY_BYTES) return 'too-large';
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const c of bodyChunks(req)) {
    size += c.byteLength;
    if (size > TRPC_MAX_BODY_BYTES) return 'too-large';
    parts.push(c);
  }
  // tRPC bodies are JSON text.
  return Buffer.concat(parts).toString('utf8');
}

const handler = async (req: Request) => {
  // Before authentication or any body parsing: one HTTP request must not stack unbounded work.
  const size = batchSize(new URL(req.url));
  if (size > TRPC_MAX_BATCH) {
    return Response.json({ error: { code: 'BAD_REQUEST', message: `a batch may hold at most ${TRPC_MAX_BATCH} procedures; this one has ${size}` } }, { status: 400 });
  }
  // A declared length over the limit is refused from the headers alone, before anything else.
  const declared = declaredLength(req);
  if (declared !== undefined && declared > TRPC_MAX_BODY_BYTES) {
    return Response.json({ error: { code: 'BAD_REQUEST', message: `the request body is over the limit of ${TRPC_MAX_BODY_BYTES} bytes` } }, { status: 413 });
  }
  const notJson = refuseNonJsonPost(req);
  if (notJson) return Response.json({ error: { message: notJson, code: 'UNSUPPORTED_MEDIA_TYPE' } }, { status: 415 });
  const crossSite = refuseCrossSite(req, env().NEXTAUTH_URL);
  if (crossSite) return Response.json({ error: { message: crossSite, code: 'FORBIDDEN' } }, { status: 403 });
  // JSON inputs only (uploads go to the REST routes): bounded before anything else reads them.
  const body = await boundedBody(req);
  if (body === 'too-large') {
    return Response.json({ error: { code: 'BAD_REQUEST', message: `the request body is over the limit of ${TRPC_MAX_BODY_BYTES} bytes` } }, { status: 413 });
  }
  if (body) {
    const headers = new Headers(req.headers);
    headers.delete('content-length');
    req = new Request(req.url, { method: req.method, headers, body });
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
