import type { User } from '@/server/db/schema';

/** What leaves the service layer about a user: never the password hash. */
export function toUserDto(u: User) {
  return { id: u.id, email: u.email, name: u.name, role: u.role, active: u.active, createdAt: u.createdAt, lastSignInAt: u.lastSignInAt };
}
export type UserDto = ReturnType<typeof toUserDto>;
