// Who is calling a console HTTP endpoint: a bearer API token (CLI, scripts) or the browser's
// next-auth session. Used by the tRPC route and the REST upload routes alike.
import { getServerSession } from 'next-auth';
import { authOptions } from '@/server/auth/options';
import { db } from '@/server/db/client';
import type { Actor } from '@/server/services/context';
import { actorForToken } from '@/server/services/tokens/tokens';
import { actorForUserId } from './context';

export async function requestActor(req: Request): Promise<Actor | null> {
  const auth = req.headers.get('authorization');
  if (auth?.startsWith('Bearer ')) return actorForToken(db(), auth.slice(7).trim());
  const session = await getServerSession(authOptions());
  return actorForUserId(db(), session?.user?.id, session?.issuedAt);
}
