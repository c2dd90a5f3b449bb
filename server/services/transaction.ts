import type { Tx } from '@/server/db/client';
import type { ServiceContext } from './context';

/**
 * Runs `fn` in a transaction: a new one, or a savepoint inside the caller's, so actions
 * compose (e.g. a promotion that moves an alias and closes a request in one commit).
 */
export function inTransaction<T>(ctx: ServiceContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return ctx.db.transaction(fn);
}
