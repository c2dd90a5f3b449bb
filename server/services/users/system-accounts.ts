// Accounts Vigil itself acts as (e.g. retraining@vigil.system, the requester of retraining's
// promotions). They are inactive and have no usable password so nobody can sign in as them; if
// an admin could activate one, give it a password or a role, they could approve a request "as
// someone else" and four eyes would be one pair. So user management refuses to touch them, and
// the domain is reserved.
import { badRequest } from '../errors';

export const SYSTEM_DOMAIN = 'vigil.system';

export function isSystemAccount(email: string): boolean {
  return email.toLowerCase().endsWith(`@${SYSTEM_DOMAIN}`);
}

export function refuseSystemAccount(email: string): void {
  if (isSystemAccount(email)) throw badRequest(`${email} is a system account that Vigil acts as; it cannot be activated, given a password or a role`, 'userId');
}
