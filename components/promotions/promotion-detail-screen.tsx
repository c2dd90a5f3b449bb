'use client';
// /promotions/[id]: who asks for what and why, the evidence checklist, the decision (four eyes),
// cancel / abort canary, and the timeline. Polls every 5 s while pending or rolling out.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useCan } from '@/components/ui/use-permissions';
import { useTRPC } from '@/lib/trpc';
import { DecisionPanel } from './decision-panel';
import { EvidenceChecklist } from './evidence-checklist';
import { ImportanceComparison } from './importance-comparison';
import { planSummary } from './plan';
import { ReasonAction } from './reason-action';
import { RolloutTimeline } from './rollout-timeline';
import { StatusBadge } from './status-badge';

const LIVE = new Set(['pending', 'rolling_out', 'approved']);

export function PromotionDetailScreen({ id }: { id: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useQuery(trpc.me.get.queryOptions());
  const canApprove = useCan('promotion.approve');
  const canRollback = useCan('alias.rollback');
  const q = useQuery({ ...trpc.promotions.get.queryOptions({ id }), refetchInterval: (query) => (query.state.data && LIVE.has(query.state.data.req.status) ? 5000 : false) });
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.promotions.pathKey() });
  const cancel = useMutation(trpc.promotions.cancel.mutationOptions({ onSuccess: refresh }));
  const abort = useMutation(trpc.promotions.abortCanary.mutationOptions({ onSuccess: refresh }));

  if (q.error)
    return (
      <p role="alert" className="text-red-700">
        {q.error.message}
      </p>
    );
  if (!q.data) return <p className="text-slate-500">Loading…</p>;
  const { req, model, candidate, incumbent, evidence, events } = q.data;
  const meId = me.data && 'id' in me.data ? me.data.id : null;
  const isRequester = meId !== null && meId === req.requestedBy;
  const requester = events.find((e) => e.kind === 'requested')?.actorLabel ?? 'unknown';
  const pending = req.status === 'pending';

  return (
    <div className="flex flex-col gap-6">
      <section aria-label="Request" className="flex flex-col gap-2 rounded border border-slate-200 bg-white p-4">
        <div className="flex flex-wrap items-center gap-3">
          <h2 className="text-lg font-semibold">
            <Link href={`/models/${encodeURIComponent(model)}`} className="text-brand-700 underline">
              {model}
            </Link>{' '}
            candidate v{candidate} vs incumbent {incumbent === null ? 'none' : `v${incumbent}`}
          </h2>
          <StatusBadge status={req.status} testId="promotion-status" />
        </div>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">Target</dt>
          <dd>{req.target}</dd>
          <dt className="text-slate-500">Requested by</dt>
          <dd data-testid="promotion-requester">
            {requester} · {new Date(req.createdAt).toLocaleString()}
          </dd>
          <dt className="text-slate-500">Note</dt>
          <dd className="whitespace-pre-wrap">{req.note}</dd>
          <dt className="text-slate-500">Rollout plan</dt>
          <dd>
            {planSummary(req.plan)}
            {req.status === 'rolling_out' && ` · now at step ${req.currentStep + 1} of ${req.plan.length}`}
          </dd>
          {req.decisionComment && (
            <>
              <dt className="text-slate-500">Decision</dt>
              <dd>
                {req.decisionComment}
                {req.overrideReason && <span className="block text-amber-900">Override: {req.overrideReason}</span>}
              </dd>
            </>
          )}
        </dl>
      </section>

      <EvidenceChecklist items={evidence.items} hash={evidence.hash} />

      <ImportanceComparison id={id} />

      {pending && isRequester && (
        <p className="rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="four-eyes-note">
          You requested this promotion, so someone else with approval rights must approve or reject it.
        </p>
      )}
      {pending && canApprove && !isRequester && me.data && <DecisionPanel id={id} hash={evidence.hash} items={evidence.items} />}
      {pending && !canApprove && !isRequester && <p className="text-sm text-slate-600">Waiting for an approver.</p>}

      <div className="flex flex-wrap gap-3">
        {(pending || req.status === 'stale') && isRequester && (
          <ReasonAction label="Cancel request" confirm="Cancel the request" pending={cancel.isPending} error={cancel.error?.message} onConfirm={(reason) => cancel.mutate({ id, reason })} />
        )}
        {req.status === 'rolling_out' && canRollback && (
          <ReasonAction label="Abort canary" confirm="Abort the canary now" danger pending={abort.isPending} error={abort.error?.message} onConfirm={(reason) => abort.mutate({ model, reason })} />
        )}
      </div>

      <RolloutTimeline events={events} />
    </div>
  );
}
