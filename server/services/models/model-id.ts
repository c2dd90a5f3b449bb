// A model's id from its name, or a 404 naming it: the first step of every per-model list.
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { models } from '@/server/db/schema';
import { notFound } from '../errors';

export async function modelIdByName(db: DbOrTx, name: string): Promise<string> {
  const [m] = await db.select({ id: models.id }).from(models).where(eq(models.name, name));
  if (!m) throw notFound(`model '${name}'`);
  return m.id;
}
