'use client';
// Approve or reject (four eyes: shown only to an approver who did not request). A comment is
// always required; approving over an evaluation, fairness or drift item that is not `pass` needs
// an override reason. The evidence hash sent is the one rendered: if the evidence changed
// meanwhile the server answers CONFLICT (stale) and the page reloads the evidence for review.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import type { EvidenceItem } from './types';

const SIGNED = ['evaluation', 'fairness', 'drift'];

export function DecisionPanel({ id, hash, items }: { id: string; hash: string; items: EvidenceItem[] }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [comment, setComment] = useState('');
  const [override, setOverride] = useState('');
  const [stale, setStale] = useState(false);
  const notPassing = items.filter((i) => SIGNED.includes(i.key) && i.status !== 'pass');
  const decide = useMutation(
    trpc.promotions.decide.mutationOptions({
      onSuccess: () => qc.invalidateQueries({ queryKey: trpc.promotions.pathKey() }),
      onError: (e) => {
        if (e.data?.code === 'CONFLICT') {
          setStale(true);
          return qc.invalidateQueries({ queryKey: trpc.promotions.get.queryKey({ id }) });
        }
      },
    }),
  );

  function send(decision: 'approve' | 'reject') {
    setStale(false);
    decide.mutate({ id, decision, comment, overrideReason: decision === 'approve' && notPassing.length ? override : undefined, evidenceHash: hash });
  }

  const missingOverride = notPassing.length > 0 && override.trim() === '';
  return (
    <section aria-labelledby="decision-title" className="flex flex-col gap-3 rounded border border-slate-200 bg-white p-4">
      <h2 id="decision-title" className="text-lg font-semibold">
        Decision
      </h2>
      <form aria-label="Decide on this promotion" className="flex flex-col gap-3" onSubmit={(e) => e.preventDefault()}>
        <label className="flex flex-col gap-1 text-sm">
          Comment (required)
          <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={2} required className="rounded border border-slate-300 px-2 py-1" />
        </label>
        {notPassing.length > 0 && (
          <label className="flex flex-col gap-1 text-sm">
            Override reason (required to approve: {notPassing.map((i) => `${i.key} is ${i.status}`).join(', ')})
            <textarea value={override} onChange={(e) => setOverride(e.target.value)} rows={2} required aria-invalid={missingOverride} className="rounded border border-slate-300 px-2 py-1" />
          </label>
        )}
        <div className="flex gap-2">
          <button type="button" onClick={() => send('approve')} disabled={decide.isPending || !comment.trim() || missingOverride} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50">
            Approve
          </button>
          <button type="button" onClick={() => send('reject')} disabled={decide.isPending || !comment.trim()} className="rounded border border-red-300 px-3 py-1.5 text-sm text-red-800 hover:bg-red-50 disabled:opacity-50">
            Reject
          </button>
        </div>
        {stale ? (
          <p role="alert" className="text-sm text-red-700">
            Stale — review again: {decide.error?.message}
          </p>
        ) : (
          decide.error && (
            <p role="alert" className="text-sm text-red-700">
              {decide.error.message}
            </p>
          )
        )}
      </form>
    </section>
  );
}
