// tRPC initialisation and the procedure layers that enforce sign-in and permissions.
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { z, ZodError } from 'zod';
import crypto from 'node:crypto';
import { can, type Permission } from '@/server/auth/permissions';
import { appMetrics } from '@/server/observability/app-metrics';
import { logger } from '@/server/observability/logger';
import { auditDenied, targetOf } from '@/server/services/audit/audit-denied';
import { ServiceError } from '@/server/services/errors';
import type { TrpcContext } from './context';
import type { Access } from './rest-access';

/** Who may call a procedure; the permission matrix test reads it from every procedure. */
export interface ProcedureMeta {
  access?: Access;
}

const t = initTRPC.context<TrpcContext>().meta<ProcedureMeta>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        zod: cause instanceof ZodError ? z.flattenError(cause) : null,
        field: cause instanceof ServiceError ? (cause.field ?? null) : null,
      },
    };
  },
});

/** Maps service-layer errors to tRPC errors in one place, and audits every refusal (403). */
const mapErrors = t.middleware(async ({ ctx, path, getRawInput, next }) => {
  const res = await next();
  if (!res.ok) {
    const cause = res.error.cause;
    const forbidden = res.error.code === 'FORBIDDEN' || (cause instanceof ServiceError && cause.code === 'FORBIDDEN');
    if (forbidden && ctx.actor) {
      const input = await getRawInput().catch(() => undefined);
      await auditDenied(ctx.db, ctx.actor, { attempted: path, ...targetOf(input, path.split('.')[0], path), message: res.error.message });
    }
    if (cause instanceof ServiceError) {
      throw new TRPCError({ code: cause.code, message: cause.message, cause });
    }
    if (cause instanceof ZodError) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: cause.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '), cause });
    }
  }
  return res;
});

const log = logger({ component: 'trpc' });

/** Latency per procedure (vigil_trpc_request_seconds) and one log line per failed call, with a request id. */
const observe = t.middleware(async ({ path, type, ctx, next }) => {
  const t0 = performance.now();
  const res = await next();
  appMetrics().trpcSeconds.observe({ procedure: path, type, ok: String(res.ok) }, (performance.now() - t0) / 1000);
  if (!res.ok) {
    const expected = res.error.cause instanceof ServiceError || res.error.cause instanceof ZodError || res.error.code !== 'INTERNAL_SERVER_ERROR';
    const actor = ctx.actor?.kind === 'user' ? ctx.actor.email : ctx.actor?.label;
    log[expected ? 'debug' : 'error']({ requestId: crypto.randomUUID(), procedure: path, type, actor, code: res.error.code, err: expected ? res.error.message : (res.error.cause ?? res.error) }, 'procedure failed');
  }
  return res;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(observe).use(mapErrors);

export const protectedProcedure = publicProcedure.meta({ access: 'signed-in' }).use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in required' });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

/** A procedure open only to roles holding `permission` (server/auth/permissions.ts). */
export const permissionProcedure = (permission: Permission) =>
  protectedProcedure.meta({ access: permission }).use(({ ctx, next }) => {
    if (ctx.actor.kind === 'user' && !can(ctx.actor.role, permission)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `role '${ctx.actor.role}' may not ${permission.replace('.', ' ')}` });
    }
    return next();
  });
