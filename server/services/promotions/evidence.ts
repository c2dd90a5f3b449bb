// The evidence checklist of a promotion request, each item pass / fail / pending with its
// figures: evaluation vs incumbent, fairness gates, drift gate, shadow comparison, canary
// analysis. Its hash is what an approver approves: if the evidence changes after they looked,
// the approval is refused as stale.
import crypto from 'node:crypto';
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '@/server/db/client';
import { aliases, alertRules, alerts, evaluations, modelVersions, type PromotionRequest } from '@/server/db/schema';
import type { GateResult, GateStatus } from '@/server/ml/promotion/gates';
import { shadowGate } from '@/server/ml/promotion/shadow-gate';
import { loadPolicy } from './policies';
import { shadowComparison } from './shadow-comparison';

export interface EvidenceItem {
  key: 'evaluation' | 'fairness' | 'drift' | 'shadow' | 'canary';
  title: string;
  status: GateStatus;
  summary: string;
  gates?: GateResult[];
  figures?: Record<string, unknown>;
  link?: string | null;
}

export async function buildEvidence(db: DbOrTx, req: PromotionRequest, modelName: string): Promise<{ items: EvidenceItem[]; hash: string; incumbentChanged: boolean }> {
  const policy = await loadPolicy(db, req.modelId);
  const [prod] = await db.select().from(aliases).where(and(eq(aliases.modelId, req.modelId), eq(aliases.name, 'production')));
  const incumbentChanged = (prod?.versionId ?? null) !== req.incumbentVersionId && req.status === 'pending';
  const [ev] = await db
    .select()
    .from(evaluations)
    .where(and(eq(evaluations.candidateVersionId, req.candidateVersionId), req.incumbentVersionId ? eq(evaluations.incumbentVersionId, req.incumbentVersionId) : isNull(evaluations.incumbentVersionId)))
    .orderBy(desc(evaluations.createdAt))
    .limit(1);
  const items: EvidenceItem[] = [];
  const current = ev && ev.goldenDatasetVersionId === policy.goldenDatasetVersionId ? ev : null;
  const result = current?.result as { gates: GateResult[]; rows: number; candidate: { metrics: Record<string, number | null> }; incumbent: { metrics: Record<string, number | null> } | null } | null;
  if (!policy.goldenDatasetVersionId) items.push({ key: 'evaluation', title: 'Offline evaluation on the golden set', status: 'pending', summary: 'no golden set chosen for this model' });
  else if (!current || current.status !== 'succeeded' || !result) {
    items.push({ key: 'evaluation', title: 'Offline evaluation on the golden set', status: current?.status === 'failed' ? 'fail' : 'pending', summary: current ? (current.status === 'failed' ? `evaluation failed: ${current.error}` : `evaluation ${current.status}`) : 'not evaluated yet', link: current ? `/promotions/evaluations/${current.id}` : null });
  } else {
    const overall = result.gates.filter((g) => g.gate.startsWith('overall'));
    const st: GateStatus = overall.some((g) => g.status === 'fail') ? 'fail' : overall.some((g) => g.status === 'pending') ? 'pending' : 'pass';
    items.push({ key: 'evaluation', title: 'Offline evaluation vs incumbent', status: st, summary: overall.map((g) => `${g.status.toUpperCase()} ${g.detail}`).join('; '), gates: overall, figures: { rows: result.rows, candidate: result.candidate.metrics, incumbent: result.incumbent?.metrics ?? null }, link: `/promotions/evaluations/${current.id}` });
    const fair = result.gates.filter((g) => !g.gate.startsWith('overall'));
    const fst: GateStatus = policy.sensitiveAttributes.length === 0 ? 'pending' : fair.some((g) => g.status === 'fail') ? 'fail' : fair.some((g) => g.status === 'pending') ? 'pending' : 'pass';
    items.push({ key: 'fairness', title: 'Fairness: disparity and per-slice gates', status: fst, summary: policy.sensitiveAttributes.length === 0 ? 'no sensitive attributes declared' : fair.filter((g) => g.status !== 'pass').map((g) => g.detail).join('; ') || 'every slice and disparity gate passes', gates: fair, link: `/fairness?model=${modelName}` });
  }
  // Drift gate: an open drift alert that began after the candidate was trained means its data is stale.
  const [cand] = await db.select().from(modelVersions).where(eq(modelVersions.id, req.candidateVersionId));
  const open = await db
    .select({ alert: alerts })
    .from(alerts)
    .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
    .where(and(eq(alerts.modelId, req.modelId), eq(alerts.status, 'firing'), inArray(alertRules.metric, ['drift_share', 'feature_drift'])));
  const blocking = open.filter((o) => o.alert.firedAt > cand.createdAt);
  items.push({
    key: 'drift',
    title: 'No unresolved drift the candidate predates',
    status: blocking.length ? 'fail' : 'pass',
    summary: blocking.length ? `${blocking.length} drift alert(s) firing since ${blocking[0].alert.firedAt.toISOString()}, after the candidate was registered: ${blocking[0].alert.message}` : open.length ? 'drift alerts firing, but the candidate was trained after they began' : 'no drift alert firing',
    link: `/monitoring?model=${modelName}`,
  });
  const shadow = await shadowComparison(db, req.modelId, req.candidateVersionId, req.createdAt);
  const shadowVerdict = shadowGate(shadow, policy.shadowThresholds);
  items.push({
    key: 'shadow',
    title: 'Shadow comparison with production',
    status: shadowVerdict.status,
    summary:
      shadow.n === 0
        ? 'no shadow traffic yet'
        : `${shadowVerdict.status.toUpperCase()} — ${shadow.n} paired requests: ${shadowVerdict.gates.map((g) => g.detail).join('; ')}${shadow.labelled ? `; labelled ${shadow.labelled}: AUC candidate ${shadow.candidate?.auc?.toFixed(3) ?? '–'} vs production ${shadow.production?.auc?.toFixed(3) ?? '–'}` : ''}`,
    gates: shadowVerdict.gates,
    figures: { ...shadow, thresholds: policy.shadowThresholds },
  });
  if (req.target === 'production') {
    items.push({
      key: 'canary',
      title: 'Canary analysis',
      status: req.status === 'completed' ? 'pass' : req.status === 'rolled_back' ? 'fail' : 'pending',
      summary: req.status === 'rolling_out' ? `step ${req.currentStep + 1} of ${req.plan.length} (${Math.round(req.plan[req.currentStep].share * 100)}%)` : req.status === 'completed' ? 'every step passed' : req.status === 'rolled_back' ? 'regression detected; rolled back automatically' : 'runs after approval',
    });
  }
  // Shadow and canary move with traffic; the approver signs off the evaluation, fairness and drift.
  const signed = items.filter((i) => i.key === 'evaluation' || i.key === 'fairness' || i.key === 'drift').map((i) => ({ k: i.key, s: i.status, g: i.gates?.map((g) => [g.gate, g.status]) }));
  const hash = crypto.createHash('sha256').update(JSON.stringify({ signed, evaluation: current?.id ?? null, golden: policy.goldenDatasetVersionId, incumbent: prod?.versionId ?? null })).digest('hex').slice(0, 16);
  return { items, hash, incumbentChanged };
}
