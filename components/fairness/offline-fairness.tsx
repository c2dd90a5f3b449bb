'use client';
// The offline report: the version's latest succeeded evaluation on the golden set, per attribute
// (the task's report: binary rates and disparities, multiclass selection rates, regression errors).
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc';
import { AttributeReport } from './attribute-report';
import { MulticlassAttributeReport, RegressionAttributeReport, type MulticlassAttribute, type RegressionAttribute } from './task-fairness';
import type { AttributeReport as AttrReport } from './types';

export function OfflineFairness({ model, version }: { model: string; version: number }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.fairness.offline.queryOptions({ model, version }));
  const fairness = (q.data?.fairness ?? {}) as Record<string, AttrReport>;
  const task = q.data?.task ?? 'binary';
  const attrs = Object.keys(fairness);
  return (
    <section aria-labelledby="offline-title" className="flex flex-col gap-4">
      <h2 id="offline-title" className="text-lg font-semibold">
        Offline: golden set
      </h2>
      {q.error && (
        <p role="alert" className="text-red-700">
          {q.error.message}
        </p>
      )}
      {q.data === null && (
        <p className="text-sm text-slate-600">
          No succeeded evaluation of v{version} yet.{' '}
          <Link href={`/promotions/policy?model=${encodeURIComponent(model)}`} className="text-brand-700 underline">
            Choose a golden set and evaluate
          </Link>
          .
        </p>
      )}
      {q.data && (
        <p className="text-sm text-slate-600">
          From{' '}
          <Link href={`/promotions/evaluations/${q.data.evaluationId}`} className="text-brand-700 underline">
            the evaluation
          </Link>{' '}
          of {q.data.at ? new Date(q.data.at).toLocaleString() : '–'} on {q.data.rows} golden-set rows.
        </p>
      )}
      {q.data && attrs.length === 0 && <p className="text-sm text-slate-600">The evaluation had no sensitive attributes: declare them in the model&apos;s policy.</p>}
      {attrs.map((a) =>
        task === 'multiclass' ? (
          <MulticlassAttributeReport key={a} attribute={a} report={fairness[a] as unknown as MulticlassAttribute} scope="offline" />
        ) : task === 'regression' ? (
          <RegressionAttributeReport key={a} attribute={a} report={fairness[a] as unknown as RegressionAttribute} scope="offline" />
        ) : (
          <AttributeReport key={a} attribute={a} report={fairness[a]} intervals={fairness[a].intervals} scope="offline" />
        ),
      )}
    </section>
  );
}
