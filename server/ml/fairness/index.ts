// Per-group fairness report and bootstrap intervals.
export * from './report';
export { bootstrapIntervals, type BootstrapOptions, type GroupIntervals, type Interval } from './bootstrap';
