'use client';
// The lineage of a model version as a left-to-right chain of cards (dataset → dataset version →
// feature spec → run → model version) joined by labelled arrows; the run's experiment is shown
// inside the run card. Plain HTML so it wraps on narrow screens and reads well to screen readers.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc';
import type { LineageNode } from '@/server/services/lineage/get-lineage';
import { lineageChain } from './lineage-chain';

const KIND_LABEL: Record<LineageNode['kind'], string> = {
  dataset: 'Dataset',
  dataset_version: 'Dataset version',
  feature_spec: 'Feature spec',
  experiment: 'Experiment',
  run: 'Run',
  model_version: 'Model version',
};

function Title({ node }: { node: LineageNode }) {
  return node.href ? (
    <Link href={node.href} className="font-medium text-brand-700 hover:underline">
      {node.label}
    </Link>
  ) : (
    <span className="font-medium">{node.label}</span>
  );
}

function Details({ detail }: { detail: LineageNode['detail'] }) {
  const entries = Object.entries(detail).filter(([, v]) => v !== null && v !== '');
  if (!entries.length) return null;
  return (
    <dl className="mt-2 flex flex-col gap-1 text-xs">
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt className="inline text-slate-500">{k}: </dt>
          <dd className="inline break-all font-mono">{String(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function LineageView({ versionId }: { versionId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.models.lineage.queryOptions({ versionId }));
  if (q.error) {
    return (
      <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
        {q.error.message}
      </p>
    );
  }
  if (!q.data) return <p className="text-slate-500">Loading lineage…</p>;
  const chain = lineageChain(q.data);
  return (
    <ol className="flex flex-wrap items-stretch gap-y-4" aria-label="Lineage" data-testid="lineage">
      {chain.map((step, i) => (
        <li key={step.node.id} className="flex items-stretch" data-kind={step.node.kind}>
          {i > 0 && (
            <div className="flex min-w-20 flex-col items-center justify-center px-1 text-slate-500">
              <span className="text-xs">{step.incoming ?? ''}</span>
              <span aria-hidden="true" className="text-2xl leading-none">
                ⟶
              </span>
            </div>
          )}
          <article className="w-60 rounded border border-slate-300 bg-white p-3 shadow-sm" aria-label={`${KIND_LABEL[step.node.kind]} ${step.node.label}`}>
            <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">{KIND_LABEL[step.node.kind]}</p>
            <Title node={step.node} />
            <Details detail={step.node.detail} />
            {step.attached.map((a) => (
              <p key={a.node.id} className="mt-2 border-t border-slate-100 pt-2 text-xs">
                <span className="text-slate-500">{KIND_LABEL[a.node.kind]} ({a.label}): </span>
                <Title node={a.node} />
              </p>
            ))}
          </article>
        </li>
      ))}
    </ol>
  );
}
