import { z } from 'zod';

/** The one rule for a new password (create, change, reset, `vigil admin create`). */
export const newPasswordSchema = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters');
