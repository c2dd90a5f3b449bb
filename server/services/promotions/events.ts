import type { DbOrTx } from '@/server/db/client';
import { promotionEvents } from '@/server/db/schema';
import { actorLabel, type Actor } from '../context';

/** Records a step or decision on a promotion request's timeline. */
export async function recordEvent(tx: DbOrTx, requestId: string, actor: Actor, kind: string, detail: unknown = null): Promise<void> {
  await tx.insert(promotionEvents).values({ requestId, kind, actorLabel: actorLabel(actor), detail });
}
