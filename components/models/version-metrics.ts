// A model version's stored metrics (jsonb): { training, validation } BinaryMetrics for versions
// registered from a run, null for uploads (nothing evaluated them yet).
import type { BinaryMetrics } from '@/server/ml/metrics';

export interface VersionMetrics {
  training: BinaryMetrics | null;
  validation: BinaryMetrics | null;
}

export function versionMetrics(m: unknown): VersionMetrics | null {
  if (!m || typeof m !== 'object') return null;
  const o = m as Partial<VersionMetrics>;
  return { training: o.training ?? null, validation: o.validation ?? null };
}
