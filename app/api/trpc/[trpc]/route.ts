import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { getServerSession } from 'next-auth';
import { appRouter } from '@/server/api/root';
import { createContextForUserId } from '@/server/api/context';
import { authOptions } from '@/server/auth/options';

export const runtime = 'nodejs';

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: async () => {
      const session = await getServerSession(authOptions());
      return createContextForUserId(session?.user?.id);
    },
  });

export { handler as GET, handler as POST };
