import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { experiments } from '@/server/db/schema';
import type { Tx } from '@/server/db/client';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type Actor, type ServiceContext } from '../context';
import { conflict } from '../errors';
import { inTransaction } from '../transaction';

export const experimentNameSchema = z.string().trim().min(1, 'is required').max(120);
export const createExperimentInput = z.object({ name: experimentNameSchema, description: z.string().max(2000).optional() });

export async function createExperiment(ctx: ServiceContext, input: z.input<typeof createExperimentInput>) {
  const actor = requirePermission(ctx, 'training.run');
  const data = createExperimentInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const [existing] = await tx.select().from(experiments).where(eq(experiments.name, data.name));
    if (existing) throw conflict(`an experiment named '${data.name}' already exists`, 'name');
    return insertExperiment(tx, actor, data.name, data.description);
  });
}

export async function insertExperiment(tx: Tx, actor: Actor, name: string, description?: string) {
  const [e] = await tx.insert(experiments).values({ name, description, createdBy: actor.kind === 'user' ? actor.id : null }).returning();
  await writeAudit(tx, actor, { action: 'experiment.create', targetType: 'experiment', targetId: e.id, after: { name } });
  return e;
}

/** The experiment with this name, created when missing (used by "start run" and the CLI). */
export async function findOrCreateExperiment(tx: Tx, actor: Actor, name: string) {
  const [e] = await tx.select().from(experiments).where(eq(experiments.name, name));
  return e ?? insertExperiment(tx, actor, name);
}
