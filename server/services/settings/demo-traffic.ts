import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/server/db/client';
import { appSettings } from '@/server/db/schema';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { inTransaction } from '../transaction';

const KEY = 'demo.traffic';

export async function demoTrafficEnabled(db: DbOrTx): Promise<boolean> {
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, KEY));
  return (row?.value as { enabled?: boolean } | undefined)?.enabled ?? false;
}

export async function getDemoTraffic(ctx: ServiceContext) {
  requirePermission(ctx, 'console.read');
  return { enabled: await demoTrafficEnabled(ctx.db) };
}

export const setDemoTrafficInput = z.object({ enabled: z.boolean(), reason: z.string().max(500).optional() });

/** Switches the demo traffic simulator on or off (audited). */
export async function setDemoTraffic(ctx: ServiceContext, input: z.input<typeof setDemoTrafficInput>) {
  const actor = requirePermission(ctx, 'policy.manage');
  const data = setDemoTrafficInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const before = await demoTrafficEnabled(tx);
    await tx
      .insert(appSettings)
      .values({ key: KEY, value: { enabled: data.enabled } })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: { enabled: data.enabled }, updatedAt: sql`now()` } });
    await writeAudit(tx, actor, { action: 'settings.demo_traffic', targetType: 'setting', targetId: KEY, before: { enabled: before }, after: { enabled: data.enabled }, reason: data.reason });
    return { enabled: data.enabled };
  });
}
