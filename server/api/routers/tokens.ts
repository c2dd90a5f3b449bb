import { z } from 'zod';
import { listTokens, listTokensInput } from '@/server/services/tokens/list-tokens';
import { createToken, createTokenInput, revokeToken } from '@/server/services/tokens/tokens';
import { protectedProcedure, router } from '../trpc';

export const tokensRouter = router({
  list: protectedProcedure.input(listTokensInput).query(({ ctx, input }) => listTokens(ctx, input)),
  create: protectedProcedure.input(createTokenInput).mutation(({ ctx, input }) => createToken(ctx, input)),
  revoke: protectedProcedure.input(z.object({ id: z.string().uuid() })).mutation(({ ctx, input }) => revokeToken(ctx, input)),
});
