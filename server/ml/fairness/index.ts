// Per-group fairness reports (binary, multiclass, regression) and bootstrap intervals.
export * from './report';
export { bootstrapIntervals, type BootstrapOptions, type GroupIntervals, type Interval } from './bootstrap';
export * from './multiclass-report';
export * from './regression-report';
