import { z } from 'zod';
import { createToken, createTokenInput, listTokens, revokeToken } from '@/server/services/tokens/tokens';
import { protectedProcedure, router } from '../trpc';

export const tokensRouter = router({
  list: protectedProcedure.query(({ ctx }) => listTokens(ctx)),
  create: protectedProcedure.input(createTokenInput).mutation(({ ctx, input }) => createToken(ctx, input)),
  revoke: protectedProcedure.input(z.object({ id: z.string().uuid() })).mutation(({ ctx, input }) => revokeToken(ctx, input)),
});
