// Validates trainer params with the trainer's strict zod schema. Errors name the parameter:
// an unknown key, or a known one with a bad value.
import type { Trainer } from '../trainers/types';

export class ParamsError extends Error {}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any trainer's params type
export function parseTrainerParams(trainer: Pick<Trainer<any>, 'name' | 'paramsSchema'>, raw: unknown): Record<string, unknown> {
  const value = raw ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ParamsError(`${trainer.name} params must be a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  const r = trainer.paramsSchema.safeParse(value);
  if (r.success) return r.data as Record<string, unknown>;
  const msgs = r.error.issues.map((i) => {
    if (i.code === 'unrecognized_keys') return `unknown ${trainer.name} parameter(s): ${i.keys.join(', ')}`;
    return `${trainer.name} parameter ${i.path.join('.') || '(params)'}: ${i.message}`;
  });
  throw new ParamsError(msgs.join('; '));
}
