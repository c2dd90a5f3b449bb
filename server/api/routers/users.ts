import { changeRole, changeRoleInput } from '@/server/services/users/change-role';
import { createUser, createUserInput } from '@/server/services/users/create-user';
import { listUsers, listUsersInput } from '@/server/services/users/list-users';
import { resetPassword, resetPasswordInput } from '@/server/services/users/reset-password';
import { setUserActive, setUserActiveInput } from '@/server/services/users/set-user-active';
import { permissionProcedure, router } from '../trpc';

export const usersRouter = router({
  list: permissionProcedure('user.manage').input(listUsersInput).query(({ ctx, input }) => listUsers(ctx, input)),
  create: permissionProcedure('user.manage').input(createUserInput).mutation(({ ctx, input }) => createUser(ctx, input)),
  changeRole: permissionProcedure('user.manage').input(changeRoleInput).mutation(({ ctx, input }) => changeRole(ctx, input)),
  setActive: permissionProcedure('user.manage').input(setUserActiveInput).mutation(({ ctx, input }) => setUserActive(ctx, input)),
  resetPassword: permissionProcedure('user.manage').input(resetPasswordInput).mutation(({ ctx, input }) => resetPassword(ctx, input)),
});
