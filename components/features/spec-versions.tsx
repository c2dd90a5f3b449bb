'use client';
// An experiment's feature spec versions (the fitted specs its runs used, by SHA-256) and the
// diff of two of them: inputs added/removed, transform pipelines changed, fitted statistics changed.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import type { FeatureSpec } from '@/server/ml/features/spec';
import { diffSpecs, type SpecChange } from './spec-diff';

const KIND: Record<SpecChange['kind'], string> = {
  input_added: 'input added',
  input_removed: 'input removed',
  input_changed: 'input changed',
  feature_added: 'feature added',
  feature_removed: 'feature removed',
  transforms_changed: 'transforms changed',
  param_changed: 'statistic / parameter changed',
};

export function SpecVersions({ experimentId }: { experimentId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.experiments.specs.queryOptions({ id: experimentId }));
  const [pick, setPick] = useState<{ a?: string; b?: string }>({});
  if (q.error) return <p role="alert" className="text-sm text-red-700">{q.error.message}</p>;
  if (!q.data) return null;
  const list = q.data;
  if (list.length === 0) return <p className="text-sm text-slate-500">No fitted feature spec yet: runs store theirs when they finish.</p>;
  // Default comparison: the previous version against the newest.
  const a = list.find((s) => s.sha256 === pick.a) ?? list[1];
  const b = list.find((s) => s.sha256 === pick.b) ?? list[0];
  const changes = a && b && a !== b ? diffSpecs(a.spec as FeatureSpec, b.spec as FeatureSpec) : null;
  const short = (sha: string) => sha.slice(0, 12);
  return (
    <div className="flex flex-col gap-2 text-sm" data-testid="spec-versions">
      <ul className="flex flex-col gap-0.5">
        {list.map((s) => (
          <li key={s.sha256}>
            <code className="text-xs" title={s.sha256}>
              {short(s.sha256)}
            </code>{' '}
            <span className="text-slate-600">
              used by {s.runCount} run{s.runCount === 1 ? '' : 's'} ({s.runNames.join(', ')}
              {s.runCount > s.runNames.length ? ', …' : ''})
            </span>
          </li>
        ))}
      </ul>
      {list.length > 1 && (
        <>
          <div className="flex flex-wrap items-center gap-2">
            {(['a', 'b'] as const).map((side) => (
              <label key={side} className="flex items-center gap-1">
                {side === 'a' ? 'From' : 'To'}
                <select className="rounded border border-slate-300 px-1.5 py-0.5 text-xs" value={(side === 'a' ? a : b)?.sha256 ?? ''} onChange={(e) => setPick((p) => ({ ...p, [side]: e.target.value }))}>
                  {list.map((s) => (
                    <option key={s.sha256} value={s.sha256}>
                      {short(s.sha256)} ({s.runNames[0]})
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
          {changes && changes.length === 0 && <p className="text-slate-500">The two specs are the same.</p>}
          {changes && changes.length > 0 && (
            <table className="text-left text-xs" data-testid="spec-diff">
              <caption className="sr-only">Changes between the two feature specs</caption>
              <thead className="text-slate-600">
                <tr>
                  <th scope="col" className="pr-3">Change</th>
                  <th scope="col" className="pr-3">Input / feature</th>
                  <th scope="col">Detail</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c, i) => (
                  <tr key={i} className="border-t border-slate-100">
                    <td className="pr-3">{KIND[c.kind]}</td>
                    <td className="pr-3 font-mono">{'input' in c ? c.input : c.feature}</td>
                    <td className="font-mono">{c.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
