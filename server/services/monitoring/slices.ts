// Per-slice views (each group of a sensitive or segment column): drift and performance per
// group for a window. Groups need raw rows, so this reads a bounded sample of the window's log
// (the newest SLICE_SAMPLE rows), as the monitoring design allows for tests that need raw values.
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { modelPolicies, type AlertRule } from '@/server/db/schema';
import { logger } from '@/server/observability/logger';
import { addValue, emptyCounts } from '@/server/ml/monitoring/binning';
import { featureWindow, summarize } from '@/server/ml/monitoring/window';
import { binaryMetrics } from '@/server/ml/metrics/binary';
import { compareCodePoint } from '@/server/ml/data/table';
import { capGroups, idLikeMessage, looksLikeId } from '@/server/ml/data/group-cap';
import { badRequest, ServiceError } from '../errors';
import { loadReference } from './reference-profile';
import { versionTask } from './window-report';
import type { SliceFigures } from './slice-rules';

const log = logger({ component: 'monitor' });

export const SLICE_SAMPLE = 20_000;

export async function sliceReport(db: DbOrTx, v: { modelId: string; versionId: string }, column: string, w: { start: Date; end: Date; minRows: number }) {
  const ref = await loadReference(v.versionId);
  // Per-group performance reads binary labels and scores; other tasks get drift per group only.
  const binary = (await versionTask(db, v.versionId)).task === 'binary';
  const res = await db.execute(sql`
    SELECT p.inputs, p.context, (p.outputs->>'score')::float8 AS score, CASE WHEN jsonb_typeof(p.outputs->'label') = 'number' THEN (p.outputs->>'label')::int END AS predicted, f.label
    FROM predictions p LEFT JOIN prediction_feedback f ON f.prediction_id = p.id
    WHERE p.model_id = ${v.modelId} AND p.version_id = ${v.versionId} AND p.route IN ('production', 'canary')
      AND p.ts >= ${w.start.toISOString()} AND p.ts < ${w.end.toISOString()}
    ORDER BY p.ts DESC LIMIT ${SLICE_SAMPLE}`);
  const sample = res.rows as { inputs: Record<string, unknown>; context: Record<string, unknown> | null; score: number; predicted: number; label: number | null }[];
  const names = sample.map((r) => {
    const raw = r.inputs?.[column] ?? r.context?.[column];
    return raw === undefined || raw === null || raw === '' ? '(missing)' : String(raw);
  });
  // The reader picks the column: bound the groups (top groups + "(other)"), refuse an id-like one.
  const capped = capGroups(names);
  if (looksLikeId(capped.distinct, sample.length)) throw badRequest(idLikeMessage(column, capped.distinct, sample.length), 'column');
  const groups = new Map<string, { rows: typeof sample }>();
  for (let i = 0; i < sample.length; i++) {
    const r = sample[i];
    const g = capped.groups[i]!;
    if (!groups.has(g)) groups.set(g, { rows: [] });
    groups.get(g)!.rows.push(r);
  }
  // One category → index map per feature for the whole report (a lookup per value, not a scan).
  const categoryIndex = new Map((ref?.features ?? []).filter((f) => f.type === 'categorical').map((f) => [f.name, new Map(f.categories.map((v, i) => [v, i]))]));
  const out = [...groups.entries()]
    .sort(([a], [b]) => compareCodePoint(a, b))
    .map(([group, { rows }]) => {
      const labelled = rows.filter((r) => r.label !== null);
      const features = ref
        ? ref.features.map((f) => {
            const c = emptyCounts(f);
            for (const r of rows) addValue(f, c, r.inputs[f.name], categoryIndex.get(f.name));
            return featureWindow(f, c, w.minRows);
          })
        : [];
      return {
        group,
        n: rows.length,
        selectionRate: rows.reduce((s, r) => s + r.predicted, 0) / rows.length,
        meanScore: rows.reduce((s, r) => s + r.score, 0) / rows.length,
        drift: ref ? summarize(features) : null,
        driftedFeatures: features.filter((f) => f.drifted).map((f) => f.feature),
        labelled: labelled.length,
        performance: binary && labelled.length >= w.minRows ? binaryMetrics(labelled.map((r) => r.label!), labelled.map((r) => r.score)) : null,
      };
    });
  const labelledAll = sample.filter((r) => r.label !== null);
  // The whole sample's figures: what a group is compared with (slice alert rules).
  const overall = {
    n: sample.length,
    labelled: labelledAll.length,
    selectionRate: sample.length ? sample.reduce((s, r) => s + r.predicted, 0) / sample.length : null,
    performance: binary && labelledAll.length >= w.minRows ? binaryMetrics(labelledAll.map((r) => r.label!), labelledAll.map((r) => r.score)) : null,
  };
  return { column, sampled: res.rows.length, sampleLimit: SLICE_SAMPLE, groupsDistinct: capped.distinct, groupsPooled: capped.pooledGroups, overall, groups: out };
}

/**
 * A slice rule's figures: for the column it names, or for every slice column configured for
 * the model, from the same sample as the Slices view. A column that looks like an identifier
 * is skipped with a log line (the Slices view refuses it the same way).
 */
export async function sliceFiguresForRule(db: DbOrTx, v: { modelId: string; versionId: string }, rule: AlertRule, now: Date): Promise<SliceFigures[] | null> {
  let columns = rule.feature ? [rule.feature] : null;
  if (!columns) {
    const [row] = await db.select({ cols: modelPolicies.sliceColumns }).from(modelPolicies).where(eq(modelPolicies.modelId, v.modelId));
    columns = row?.cols ?? [];
  }
  if (!columns.length) return null;
  const out: SliceFigures[] = [];
  for (const column of columns) {
    try {
      const r = await sliceReport(db, v, column, { start: new Date(now.getTime() - rule.windowMinutes * 60_000), end: now, minRows: rule.minSamples });
      out.push({
        column,
        overall: { n: r.overall.n, labelled: r.overall.labelled, auc: r.overall.performance?.auc ?? null },
        groups: r.groups.map((g) => ({ group: g.group, n: g.n, labelled: g.labelled, selectionRate: g.selectionRate, auc: g.performance?.auc ?? null })),
      });
    } catch (e) {
      if (!(e instanceof ServiceError && e.code === 'BAD_REQUEST')) throw e;
      log.warn({ rule: rule.id, column, reason: e.message }, 'slice alert rule skips a column');
    }
  }
  return out;
}
