// Built-in trainers per task. Binary trainers live in ./index.ts (`trainers`); multiclass and
// regression ones here, looked up by task and name by server/ml/training/train-task-model.ts.
import { UnknownTrainerError } from './index';
import { gbdtMulticlassTrainer, gbdtRegressionTrainer } from './gbdt-tasks';
import { ridgeTrainer } from './ridge';
import { softmaxTrainer } from './softmax';
import type { TaskTrainer } from './task-types';

// Each trainer has its own params type; the registry holds them side by side.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const taskTrainers: Record<'multiclass' | 'regression', Record<string, TaskTrainer<any>>> = {
  multiclass: { logreg: softmaxTrainer, gbdt: gbdtMulticlassTrainer },
  regression: { ridge: ridgeTrainer, gbdt: gbdtRegressionTrainer },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function getTaskTrainer(task: 'multiclass' | 'regression', name: string): TaskTrainer<any> {
  const byName = taskTrainers[task];
  const t = Object.prototype.hasOwnProperty.call(byName, name) ? byName[name] : undefined;
  if (t) return t;
  throw new UnknownTrainerError(`unknown trainer '${name}' for task ${task} (available: ${Object.keys(byName).join(', ')})`);
}
