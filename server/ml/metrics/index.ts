// Binary classification metrics and curves.
export { binaryMetrics, confusionMatrix, f1Score, ratio, LOG_LOSS_EPS, type BinaryMetrics, type ConfusionMatrix } from './binary';
export { rocCurve, prCurve, type RocCurve, type PrCurve } from './curves';
export { calibrationCurve, type CalibrationCurve } from './calibration';
export { rocAuc, groupByScore, aucFromGroups, type ScoreGroups } from './ranking';
