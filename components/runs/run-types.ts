// Client-side types of what the run, experiment and model procedures return (types only: the
// server modules are never bundled into the browser).
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';
import type { TrainingMetrics } from '@/server/ml/training/train-model';
import type { RunStatus } from '@/server/db/schema/experiments';

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RunDetail = RouterOutputs['runs']['get'];
export type { TrainingMetrics, RunStatus };

/** A run or job still on its way: pages poll while any is. */
export function isActive(status: string | null | undefined): boolean {
  return status === 'queued' || status === 'running';
}

/**
 * A binary run's stored metrics (jsonb) as written by the worker, or null before it finishes —
 * and for a multiclass or regression run, whose metrics carry `task` (see ./task-metrics.ts).
 */
export function trainingMetrics(metrics: unknown): TrainingMetrics | null {
  return metrics && typeof metrics === 'object' && 'training' in metrics && !('task' in metrics) ? (metrics as TrainingMetrics) : null;
}
