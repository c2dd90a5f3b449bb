// Which webhook targets are allowed, and how a webhook URL is shown. Private targets (on-prem
// receivers, the test suite's local receiver) need an explicit, audited admin setting or
// VIGIL_WEBHOOK_ALLOW_PRIVATE=true. URLs often carry a bearer secret in the path (Slack, Teams),
// so everywhere but the delivery itself they are shown as scheme + host only.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/server/db/client';
import { appSettings } from '@/server/db/schema';
import { env } from '@/server/env';
import { resolveTarget, TargetRefusedError } from '@/server/net/safe-http';
import { writeAudit } from '../audit/write-audit';
import { requirePermission, type ServiceContext } from '../context';
import { badRequest } from '../errors';
import { inTransaction } from '../transaction';

const KEY = 'webhooks.allow_private';

export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(invalid URL)';
  }
}

async function settingAllows(db: DbOrTx): Promise<boolean> {
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, KEY));
  return (row?.value as { allow?: boolean } | undefined)?.allow ?? false;
}

/** Whether deliveries may go to loopback, link-local and private addresses (env or admin setting). */
export async function privateTargetsAllowed(db: DbOrTx): Promise<boolean> {
  return env().VIGIL_WEBHOOK_ALLOW_PRIVATE || (await settingAllows(db));
}

/** Refuses a URL whose host is, or resolves to, a refused address; names the field. */
export async function assertWebhookTarget(db: DbOrTx, url: string): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest('must be a URL', 'url');
  }
  if (parsed.username || parsed.password) throw badRequest('must not contain a user name or password', 'url');
  try {
    await resolveTarget(parsed, { allowPrivate: await privateTargetsAllowed(db) });
  } catch (e) {
    if (e instanceof TargetRefusedError) throw badRequest(e.message, 'url');
    throw e;
  }
}

export async function getWebhookAllowPrivate(ctx: ServiceContext) {
  requirePermission(ctx, 'policy.manage');
  return { allow: await settingAllows(ctx.db), fromEnvironment: env().VIGIL_WEBHOOK_ALLOW_PRIVATE };
}

export const setWebhookAllowPrivateInput = z.object({ allow: z.boolean(), reason: z.string().max(500).optional() });

export async function setWebhookAllowPrivate(ctx: ServiceContext, input: z.input<typeof setWebhookAllowPrivateInput>) {
  const actor = requirePermission(ctx, 'policy.manage');
  const data = setWebhookAllowPrivateInput.parse(input);
  return inTransaction(ctx, async (tx) => {
    const before = await settingAllows(tx);
    await tx
      .insert(appSettings)
      .values({ key: KEY, value: { allow: data.allow } })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: { allow: data.allow }, updatedAt: sql`now()` } });
    await writeAudit(tx, actor, { action: 'settings.webhook_allow_private', targetType: 'setting', targetId: KEY, before: { allow: before }, after: { allow: data.allow }, reason: data.reason });
    return { allow: data.allow };
  });
}
