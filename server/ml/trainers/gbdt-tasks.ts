// GBDT for multiclass (softmax, one tree per class per round like XGBoost's multi:softprob) and
// regression (squared error), on the same boosting loop, parameters and early stopping as the
// binary GBDT (./gbdt.ts).
import { totalGainByColumn } from './gbdt-gain';
import { gbdtTaskPart } from '../onnx/tree-ensemble';
import { boost } from './gbdt-boost';
import { predictEnsemble, type GbdtEnsemble } from './gbdt-model';
import { softmaxObjective, squaredErrorObjective } from './gbdt-objectives';
import { gbdtParamsSchema, type GbdtParams } from './gbdt-params';
import { checkTaskInputs, type TaskTarget, type TaskTrainer, type TaskTrainOptions, type TrainedTaskModel } from './task-types';
import type { FeatureMatrix } from './types';

export async function fitGbdtTask(X: FeatureMatrix, target: TaskTarget, params: GbdtParams, options: TaskTrainOptions): Promise<GbdtEnsemble> {
  const k = checkTaskInputs('gbdt', X, target);
  const valid = options.validation;
  if (valid && valid.target.task !== target.task) throw new Error('validation target has another task');
  const objective =
    target.task === 'multiclass'
      ? softmaxObjective(target.y, k, valid?.target.y as Int32Array | undefined)
      : squaredErrorObjective(target.y, valid?.target.y as Float64Array | undefined);
  const r = await boost(X, objective, params, {
    seed: options.seed,
    validation: valid?.X,
    onProgress: options.onProgress,
    shouldStop: options.shouldStop,
    rounds: options.rounds,
    threads: options.threads,
  });
  return {
    kind: 'gbdt',
    task: target.task,
    featureNames: [...X.featureNames],
    nFeatures: X.d,
    nOutputs: objective.k,
    baseScores: objective.base,
    params,
    trees: r.trees,
    treeOutputs: r.treeOutputs,
    bestIteration: r.bestIteration,
  };
}

function taskTrainer(task: 'multiclass' | 'regression'): TaskTrainer<GbdtParams> {
  return {
    name: 'gbdt',
    task,
    version: '1.0.0',
    paramsSchema: gbdtParamsSchema,
    async train(X, target, params, options): Promise<TrainedTaskModel> {
      if (target.task !== task) throw new Error(`gbdt (${task}) got a ${target.task} target`);
      const model = await fitGbdtTask(X, target, params, options);
      let leaves = 0;
      for (const t of model.trees) for (const f of t.feature) if (f < 0) leaves++;
      return {
        predict: (M) => predictEnsemble(model, M.values, M.n),
        width: model.nOutputs,
        onnxPart: gbdtTaskPart(model),
        summary: {
          trees: model.trees.length,
          rounds: model.trees.length / model.nOutputs,
          leaves,
          ...(model.bestIteration !== null ? { best_iteration: model.bestIteration } : {}),
          ...totalGainByColumn(model.trees, model.featureNames),
        },
        ...(model.bestIteration !== null ? { bestIteration: model.bestIteration } : {}),
      };
    },
  };
}

export const gbdtMulticlassTrainer = taskTrainer('multiclass');
export const gbdtRegressionTrainer = taskTrainer('regression');
