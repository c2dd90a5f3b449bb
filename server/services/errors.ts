// Errors that service actions throw; the tRPC layer and the REST handlers map them to
// status codes in one place (server/api/errors.ts).
export type ServiceErrorCode = 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'BAD_REQUEST' | 'TOO_MANY_REQUESTS';

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    /** The input field at fault, when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export const forbidden = (msg: string) => new ServiceError('FORBIDDEN', msg);
export const notFound = (what: string) => new ServiceError('NOT_FOUND', `${what} not found`);
export const conflict = (msg: string, field?: string) => new ServiceError('CONFLICT', msg, field);
export const badRequest = (msg: string, field?: string) => new ServiceError('BAD_REQUEST', msg, field);

/**
 * Whether `e` (or an error in its `cause` chain: Drizzle wraps the driver's) is Postgres' unique
 * violation of `constraint`: the loser of a race that a check-then-insert cannot close.
 */
export function isUniqueViolation(e: unknown, constraint: string): boolean {
  for (let c: unknown = e; c && typeof c === 'object'; c = (c as { cause?: unknown }).cause) {
    const pg = c as { code?: string; constraint?: string };
    if (pg.code === '23505' && pg.constraint === constraint) return true;
  }
  return false;
}
