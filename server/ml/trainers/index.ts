// The registry of built-in trainers, looked up by name by the training orchestration
// (server/ml/training/train-model.ts), the CLI and the worker. To add one: import its Trainer
// object and add an entry to `trainers` (e.g. `gbdt: gbdtTrainer`).
import { logregTrainer } from './logreg';
import { gbdtTrainer } from './gbdt';
import type { Trainer } from './types';

// Each trainer has its own params type; the registry holds them side by side.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const trainers: Record<string, Trainer<any>> = {
  logreg: logregTrainer,
  gbdt: gbdtTrainer,
};

/** Trainer names the product knows about, whether or not this build registers them yet. */
export const KNOWN_TRAINERS = ['logreg', 'gbdt'] as const;

export class UnknownTrainerError extends Error {}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function getTrainer(name: string): Trainer<any> {
  const t = Object.prototype.hasOwnProperty.call(trainers, name) ? trainers[name] : undefined;
  if (t) return t;
  if ((KNOWN_TRAINERS as readonly string[]).includes(name)) {
    throw new UnknownTrainerError(`trainer '${name}' is not available in this build (available: ${Object.keys(trainers).join(', ')})`);
  }
  throw new UnknownTrainerError(`unknown trainer '${name}' (available: ${Object.keys(trainers).join(', ')})`);
}
