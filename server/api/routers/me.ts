import { ROLE_PERMISSIONS } from '@/server/auth/permissions';
import { protectedProcedure, router } from '../trpc';

export const meRouter = router({
  /** Who is signed in and what they may do; the UI hides what the role cannot do. */
  get: protectedProcedure.query(({ ctx }) => {
    const a = ctx.actor;
    if (a.kind !== 'user') return { email: a.label, role: 'admin' as const, permissions: [...ROLE_PERMISSIONS.admin] };
    return { id: a.id, email: a.email, role: a.role, permissions: [...ROLE_PERMISSIONS[a.role]] };
  }),
});
