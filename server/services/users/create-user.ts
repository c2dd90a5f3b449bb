import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { hashPassword } from '@/server/auth/password';
import { ROLES } from '@/server/auth/permissions';
import { users } from '@/server/db/schema';
import { requirePermission, type Actor, type ServiceContext } from '../context';
import { conflict, isUniqueViolation } from '../errors';
import { writeAudit } from '../audit/write-audit';
import { inTransaction } from '../transaction';
import { newPasswordSchema } from './password-rules';
import { isSystemAccount, SYSTEM_DOMAIN } from './system-accounts';
import { toUserDto } from './user-dto';

export const createUserInput = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .email('must be an email address')
    .refine((e) => !isSystemAccount(e), `the ${SYSTEM_DOMAIN} domain is reserved for Vigil's own accounts`),
  name: z.string().trim().min(1, 'is required').max(200),
  password: newPasswordSchema,
  role: z.enum(ROLES),
});

export async function createUser(ctx: ServiceContext, input: z.input<typeof createUserInput>) {
  const actor = requirePermission(ctx, 'user.manage');
  const data = createUserInput.parse(input);
  const passwordHash = await hashPassword(data.password);
  const taken = () => conflict(`a user with email ${data.email} already exists`, 'email');
  try {
    return await createInTransaction(ctx, actor, data, passwordHash, taken);
  } catch (e) {
    // Two creations of one email at once both pass the check; the unique index refuses the second.
    if (isUniqueViolation(e, 'users_email_unique')) throw taken();
    throw e;
  }
}

function createInTransaction(ctx: ServiceContext, actor: Actor, data: z.output<typeof createUserInput>, passwordHash: string, taken: () => Error) {
  return inTransaction(ctx, async (tx) => {
    const existing = await tx.select({ id: users.id }).from(users).where(eq(users.email, data.email));
    if (existing.length) throw taken();
    const [u] = await tx.insert(users).values({ email: data.email, name: data.name, role: data.role, passwordHash }).returning();
    const dto = toUserDto(u);
    await writeAudit(tx, actor, { action: 'user.create', targetType: 'user', targetId: u.id, after: { email: dto.email, name: dto.name, role: dto.role } });
    return dto;
  });
}
