// tRPC initialisation and the procedure layers that enforce sign-in and permissions.
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { z, ZodError } from 'zod';
import { can, type Permission } from '@/server/auth/permissions';
import { auditDenied, targetOf } from '@/server/services/audit/audit-denied';
import { ServiceError } from '@/server/services/errors';
import type { TrpcContext } from './context';

const t = initTRPC.context<TrpcContext>().create({
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

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in required' });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

/** A procedure open only to roles holding `permission` (server/auth/permissions.ts). */
export const permissionProcedure = (permission: Permission) =>
  protectedProcedure.use(({ ctx, next }) => {
    if (ctx.actor.kind === 'user' && !can(ctx.actor.role, permission)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `role '${ctx.actor.role}' may not ${permission.replace('.', ' ')}` });
    }
    return next();
  });
