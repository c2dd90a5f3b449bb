// Classification (binary, multiclass) and regression metrics and curves.
export { binaryMetrics, confusionMatrix, f1Score, ratio, LOG_LOSS_EPS, type BinaryMetrics, type ConfusionMatrix } from './binary';
export { rocCurve, prCurve, type RocCurve, type PrCurve } from './curves';
export { calibrationCurve, type CalibrationCurve } from './calibration';
export { rocAuc, groupByScore, aucFromGroups, type ScoreGroups } from './ranking';
// Multiclass and regression metrics (the same definitions as `vigil stats metrics --task …`).
export { multiclassMetrics, argmaxRows, type MulticlassMetrics } from './multiclass';
export { regressionMetrics, type RegressionMetrics } from './regression';
