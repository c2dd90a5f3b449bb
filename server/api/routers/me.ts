import { ROLE_PERMISSIONS } from '@/server/auth/permissions';
import { changeOwnPassword, changePasswordInput } from '@/server/services/users/change-password';
import { activeDemoAccounts } from '@/server/demo/demo-accounts';
import { protectedProcedure, router } from '../trpc';

export const meRouter = router({
  /** Who is signed in and what they may do; the UI hides what the role cannot do. */
  get: protectedProcedure.query(({ ctx }) => {
    const a = ctx.actor;
    if (a.kind !== 'user') return { email: a.label, role: 'admin' as const, permissions: [...ROLE_PERMISSIONS.admin] };
    return { id: a.id, email: a.email, role: a.role, permissions: [...ROLE_PERMISSIONS[a.role]] };
  }),
  /** Security notices for the console banner: active demo accounts (published passwords). */
  notices: protectedProcedure.query(async ({ ctx }) => ({ demoAccounts: await activeDemoAccounts(ctx.db) })),
  /** Changes the caller's own password; the current one is required. */
  changePassword: protectedProcedure.input(changePasswordInput).mutation(({ ctx, input }) => changeOwnPassword(ctx, input)),
});
