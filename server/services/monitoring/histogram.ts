// Reference vs current histogram of one input for a window (from rollups), for the drill-down
// from an alert to the drifted feature.
import type { DbOrTx } from '@/server/db/client';
import { featureWindows, type WindowSpec } from './window-report';
import { loadReference } from './reference-profile';

const fmt = (x: number) => (Math.abs(x) >= 1000 || Number.isInteger(x) ? String(Math.round(x * 100) / 100) : x.toPrecision(4));

export async function featureHistogram(db: DbOrTx, versionId: string, feature: string, w: WindowSpec) {
  const ref = await loadReference(versionId);
  const f = ref?.features.find((x) => x.name === feature);
  if (!ref || !f) return null;
  const fw = await featureWindows(db, versionId, w);
  const cur = fw!.counts.get(feature)!;
  const labels =
    f.type === 'numeric'
      ? f.edges.length === 0
        ? ['all values']
        : f.counts.map((_, i) => (i === 0 ? `≤ ${fmt(f.edges[0])}` : i === f.edges.length ? `> ${fmt(f.edges[i - 1])}` : `(${fmt(f.edges[i - 1])}, ${fmt(f.edges[i])}]`))
      : [...f.categories, 'other / unseen'];
  const refTotal = f.counts.reduce((a, b) => a + b, 0);
  const curTotal = cur.counts.reduce((a, b) => a + b, 0);
  return {
    feature,
    type: f.type,
    window: fw!.features.find((x) => x.feature === feature)!,
    bins: labels.map((label, i) => ({ label, reference: refTotal ? f.counts[i] / refTotal : 0, current: curTotal ? cur.counts[i] / curTotal : 0, currentCount: cur.counts[i] })),
  };
}
