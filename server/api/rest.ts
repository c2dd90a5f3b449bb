// Helpers for the few REST routes (streamed uploads and downloads): authenticate the caller,
// run one service action, and map errors to status codes in the same way as tRPC.
import crypto from 'node:crypto';
import { ZodError } from 'zod';
import { logger } from '@/server/observability/logger';
import type { Actor } from '@/server/services/context';
import { ServiceError, type ServiceErrorCode } from '@/server/services/errors';
import { db, type Db } from '@/server/db/client';
import { env } from '@/server/env';
import { refuseCrossSite } from '@/server/http/origin-check';
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
  // The answer names the request id; the log line under it has the error.
  const requestId = crypto.randomUUID();
  logger({ component: 'rest' }).error({ requestId, err: e }, 'request failed');
  return Response.json({ error: { code: 'INTERNAL', message: `internal error (request ${requestId})` } }, { status: 500 });
}

export async function withActor(req: Request, fn: (ctx: { db: Db; actor: Actor }) => Promise<Response>): Promise<Response> {
  let actor: Actor | null = null;
  try {
    const crossSite = refuseCrossSite(req, env().NEXTAUTH_URL);
    if (crossSite) return Response.json({ error: { code: 'FORBIDDEN', message: crossSite } }, { status: 403 });
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

/** A small JSON request body (at most 64 KiB), or a 400 naming what is wrong: never read as `{}`. */
export async function readJsonBody(req: Request, max = 64 * 1024): Promise<unknown> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const c of bodyChunks(req)) {
    size += c.byteLength;
    if (size > max) throw new ServiceError('BAD_REQUEST', `the body is over the limit of ${max} bytes`, 'body');
    parts.push(c);
  }
  const text = Buffer.concat(parts).toString('utf8');
  if (!text.trim()) throw new ServiceError('BAD_REQUEST', 'the body is empty: send a JSON object', 'body');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ServiceError('BAD_REQUEST', `the body is not valid JSON: ${(e as Error).message}`, 'body');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ServiceError('BAD_REQUEST', 'the body must be a JSON object', 'body');
  return value;
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

/** The request's Content-Length when it is a plain number (so an upload over a limit can be refused unread). */
export function declaredLength(req: Request): number | undefined {
  const v = req.headers.get('content-length');
  return v && /^[0-9]{1,15}$/.test(v) ? Number(v) : undefined;
}
