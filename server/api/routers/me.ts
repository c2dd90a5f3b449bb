import { ROLE_PERMISSIONS } from '@/server/auth/permissions';
import { changeOwnPassword, changePasswordInput } from '@/server/services/users/change-password';
import { protectedProcedure, router } from '../trpc';

export const meRouter = router({
  /** Who is signed in and what they may do; the UI hides what the role cannot do. */
  get: protectedProcedure.query(({ ctx }) => {
    const a = ctx.actor;
    if (a.kind !== 'user') return { email: a.label, role: 'admin' as const, permissions: [...ROLE_PERMISSIONS.admin] };
    return { id: a.id, email: a.email, role: a.role, permissions: [...ROLE_PERMISSIONS[a.role]] };
  }),
  /** Changes the caller's own password; the current one is required. */
  changePassword: protectedProcedure.input(changePasswordInput).mutation(({ ctx, input }) => changeOwnPassword(ctx, input)),
});
