// The drift report computed the slow way, as the bench's baseline: read every logged input of
// the window from `predictions` and bin it against the version's reference, with the same
// functions the rollup step uses (binning.ts addValue) and the same window figures
// (window.ts featureWindow). Rows are read in ts slices so memory stays bounded whatever the
// window's size. Import only after the environment is set (see stack.ts).
import type pg from 'pg';
import { addValue, emptyCounts, type FeatureCounts } from '@/server/ml/monitoring/binning';
import { featureWindow, type FeatureWindow } from '@/server/ml/monitoring/window';
import { loadReference } from '@/server/services/monitoring/reference-profile';
import type { WindowSpec } from '@/server/services/monitoring/window-report';

export async function rawFeatureWindows(
  pool: pg.Pool,
  versionId: string,
  w: WindowSpec,
  sliceMs = 30 * 60_000,
): Promise<{ features: FeatureWindow[]; counts: Map<string, FeatureCounts>; rows: number; queryMs: number }> {
  const ref = await loadReference(versionId);
  if (!ref) throw new Error(`version ${versionId} has no reference profile`);
  const feats = ref.features;
  const counts = feats.map((f) => emptyCounts(f));
  const catIndex = feats.map((f) => (f.type === 'categorical' ? new Map(f.categories.map((v, i) => [v, i])) : undefined));
  const routes = w.routes ?? ['production', 'canary'];
  let rows = 0;
  // Time spent waiting for rows (Postgres reading and sending them, pg parsing the jsonb), as
  // against binning them here: says where the raw path's time goes.
  let queryMs = 0;
  for (let t = w.start.getTime(); t < w.end.getTime(); t += sliceMs) {
    const to = Math.min(t + sliceMs, w.end.getTime());
    const q0 = performance.now();
    const res = await pool.query<{ inputs: Record<string, unknown> }>(
      'SELECT inputs FROM predictions WHERE version_id = $1 AND ts >= $2 AND ts < $3 AND route = ANY($4)',
      [versionId, new Date(t).toISOString(), new Date(to).toISOString(), routes],
    );
    queryMs += performance.now() - q0;
    for (const r of res.rows) {
      for (let j = 0; j < feats.length; j++) addValue(feats[j], counts[j], r.inputs[feats[j].name], catIndex[j]);
    }
    rows += res.rows.length;
  }
  return {
    features: feats.map((f, j) => featureWindow(f, counts[j], w.minRows)),
    counts: new Map(feats.map((f, j) => [f.name, counts[j]])),
    rows,
    queryMs,
  };
}
