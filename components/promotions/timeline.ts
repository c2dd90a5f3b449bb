// One line per promotion event (server/services/promotions: requests.ts, rollout.ts), for the
// request page's timeline. Details are JSON written by the server; read defensively.

export interface TimelineEvent {
  id: number;
  at: Date | string;
  kind: string;
  actorLabel: string;
  detail: unknown;
}

export interface AnalysisFigures {
  /** Jensen–Shannon distance of the canary's and production's score distributions. */
  distributionDistance: number | null;
  reasons: string[];
  canary: { predictions: number; errorRate: number | null; p99: number | null; auc: number | null };
  production: { predictions: number; errorRate: number | null; p99: number | null; auc: number | null };
}

const TITLES: Record<string, string> = {
  requested: 'Requested',
  shadow_started: 'Shadow started',
  evaluation_queued: 'Evaluation queued',
  approved: 'Approved',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
  stale: 'Stale',
  canary_step: 'Canary step',
  step_passed: 'Step passed',
  auto_rollback: 'Rolled back automatically',
  canary_removed: 'Stopped: canary removed',
  completed: 'Completed',
};

export function eventTitle(kind: string): string {
  return TITLES[kind] ?? kind.replace(/_/g, ' ');
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
const obj = (d: unknown): Record<string, unknown> => (d && typeof d === 'object' ? (d as Record<string, unknown>) : {});

/** The canary analysis in one line: predictions, score-distribution distance, error rates, p99. */
export function analysisLine(a: AnalysisFigures): string {
  const parts = [`canary ${a.canary.predictions} vs production ${a.production.predictions} predictions`];
  if (a.distributionDistance !== null && a.distributionDistance !== undefined) parts.push(`JS distance ${a.distributionDistance.toFixed(3)}`);
  if (a.canary.errorRate !== null && a.production.errorRate !== null) parts.push(`errors ${pct(a.canary.errorRate)} vs ${pct(a.production.errorRate)}`);
  if (a.canary.p99 !== null && a.production.p99 !== null) parts.push(`p99 ${a.canary.p99.toFixed(1)} vs ${a.production.p99.toFixed(1)} ms`);
  if (a.canary.auc !== null && a.production.auc !== null) parts.push(`online AUC ${a.canary.auc.toFixed(3)} vs ${a.production.auc.toFixed(3)}`);
  return parts.join(', ');
}

function isAnalysis(x: unknown): x is AnalysisFigures {
  const o = obj(x);
  return Array.isArray(o.reasons) && typeof o.canary === 'object' && o.canary !== null && typeof o.production === 'object' && o.production !== null;
}

/** What happened, in words, from the event's detail. */
export function eventDescription(kind: string, detail: unknown): string {
  const d = obj(detail);
  switch (kind) {
    case 'requested':
      return `target ${String(d.target ?? '')}${typeof d.note === 'string' ? `: ${d.note}` : ''}`;
    case 'shadow_started':
      return `v${String(d.version)} scores live traffic behind shadow`;
    case 'evaluation_queued':
      return 'offline evaluation on the golden set';
    case 'approved': {
      const overridden = Array.isArray(d.overridden) ? (d.overridden as string[]) : [];
      return [d.comment, overridden.length ? `override of ${overridden.join(', ')}: ${String(d.overrideReason ?? '')}` : null].filter(Boolean).join(' — ');
    }
    case 'rejected':
      return String(d.comment ?? '');
    case 'cancelled':
    case 'stale':
    case 'canary_removed':
      return String(d.reason ?? '');
    case 'canary_step':
      return `step ${String(d.step)}: canary takes ${typeof d.share === 'number' ? pct(d.share) : '?'} of traffic`;
    case 'step_passed':
      return `step ${String(d.step)} passed${isAnalysis(d.analysis) ? `: ${analysisLine(d.analysis)}` : ''}`;
    case 'auto_rollback':
      return isAnalysis(d.analysis) ? `step ${String(d.step)}: ${d.analysis.reasons.join('; ')} (${analysisLine(d.analysis)})` : `step ${String(d.step)}`;
    case 'completed':
      return typeof d.canary === 'number' ? `canary at ${pct(d.canary)}` : 'production now serves the candidate';
    default:
      return detail === null || detail === undefined ? '' : JSON.stringify(detail);
  }
}
