// Helpers for the few REST routes (streamed uploads and downloads): authenticate the caller,
// run one service action, and map errors to status codes in the same way as tRPC.
import { ZodError } from 'zod';
import type { Actor } from '@/server/services/context';
import { ServiceError, type ServiceErrorCode } from '@/server/services/errors';
import { db, type Db } from '@/server/db/client';
import { auditDenied } from '@/server/services/audit/audit-denied';
import { requestActor } from './request-actor';

const STATUS: Record<ServiceErrorCode, number> = { UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, BAD_REQUEST: 400, TOO_MANY_REQUESTS: 429 };

export function errorResponse(e: unknown): Response {
  if (e instanceof ServiceError) {
    const status = e.code === 'BAD_REQUEST' && /over the limit|exceeds the upload limit/.test(e.message) ? 413 : STATUS[e.code];
    return Response.json({ error: { code: e.code, message: e.message, field: e.field ?? null } }, { status });
  }
  if (e instanceof ZodError) {
    const issue = e.issues[0];
    return Response.json({ error: { code: 'BAD_REQUEST', message: `${issue.path.join('.')}: ${issue.message}`, field: issue.path.join('.') || null } }, { status: 400 });
  }
  console.error(e);
  return Response.json({ error: { code: 'INTERNAL', message: 'internal error' } }, { status: 500 });
}

export async function withActor(req: Request, fn: (ctx: { db: Db; actor: Actor }) => Promise<Response>): Promise<Response> {
  let actor: Actor | null = null;
  try {
    actor = await requestActor(req);
    if (!actor) return Response.json({ error: { code: 'UNAUTHORIZED', message: 'sign in or send an API token (Authorization: Bearer …)' } }, { status: 401 });
    return await fn({ db: db(), actor });
  } catch (e) {
    if (actor && e instanceof ServiceError && e.code === 'FORBIDDEN') {
      const path = new URL(req.url).pathname;
      await auditDenied(db(), actor, { attempted: `${req.method} ${path}`, targetType: 'route', targetId: path, message: e.message });
    }
    return errorResponse(e);
  }
}

/** The request body as a stream of chunks, never buffered whole. */
export async function* bodyChunks(req: Request): AsyncIterable<Uint8Array> {
  if (!req.body) return;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

/** Reads a body up to `max` bytes; past that, stops reading and reports it (no unbounded buffering). */
export async function readBodyLimited(req: Request, max: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const c of bodyChunks(req)) {
    size += c.byteLength;
    if (size > max) throw new ServiceError('BAD_REQUEST', `the upload is over the limit of ${max} bytes (VIGIL_MAX_MODEL_BYTES)`, 'file');
    parts.push(c);
  }
  return Buffer.concat(parts);
}
