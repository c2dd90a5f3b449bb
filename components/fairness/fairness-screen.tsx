'use client';
// /fairness?model=&version=[&compare=][&attribute=&window=]: the offline report of a version (its
// latest evaluation on the golden set), the online report over labelled traffic, and a
// slice-by-slice comparison with a second version.
import { useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect } from 'react';
import { ChoiceSearch, useNameChoices } from '@/components/ui/name-choices';
import { useTRPC } from '@/lib/trpc';
import { CompareVersions } from './compare-versions';
import { OfflineFairness } from './offline-fairness';
import { OnlineFairness } from './online-fairness';

export function FairnessScreen() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const model = params.get('model') ?? '';
  const version = Number(params.get('version')) || null;
  const compare = Number(params.get('compare')) || null;
  const models = useNameChoices('models', model);
  const detail = useQuery({ ...trpc.models.get.queryOptions({ name: model }), enabled: !!model });
  const policy = useQuery({ ...trpc.evaluations.policy.queryOptions({ model }), enabled: !!model });
  const versions = detail.data?.versions.map((v) => v.version) ?? [];
  const attributes = policy.data?.sensitiveAttributes ?? [];
  const attribute = params.get('attribute') ?? attributes[0] ?? '';

  function setParams(next: Record<string, string | null>) {
    const p = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(next)) {
      if (v === null || v === '') p.delete(k);
      else p.set(k, v);
    }
    router.replace(`${pathname}?${p.toString()}`, { scroll: false });
  }

  // A model without a version picked opens its newest version.
  useEffect(() => {
    if (model && !version && versions.length) setParams({ version: String(versions[0]) });
  }, [model, version, versions.join(',')]);

  return (
    <div className="flex flex-col gap-8">
      <div className="flex flex-wrap items-end gap-4">
        <label className="flex flex-col gap-1 text-sm">
          Model
          <select value={model} onChange={(e) => setParams({ model: e.target.value, version: null, compare: null })} className="min-w-48 rounded border border-slate-300 px-2 py-1">
            <option value="">choose a model</option>
            {models.names.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <ChoiceSearch choices={models} className="pb-1" />
        <label className="flex flex-col gap-1 text-sm">
          Version
          <select value={version ?? ''} onChange={(e) => setParams({ version: e.target.value })} disabled={!model} className="rounded border border-slate-300 px-2 py-1">
            {!version && <option value="">choose</option>}
            {versions.map((v) => (
              <option key={v} value={v}>
                v{v}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Compare with
          <select value={compare ?? ''} onChange={(e) => setParams({ compare: e.target.value || null })} disabled={!version} className="rounded border border-slate-300 px-2 py-1">
            <option value="">no comparison</option>
            {versions
              .filter((v) => v !== version)
              .map((v) => (
                <option key={v} value={v}>
                  v{v}
                </option>
              ))}
          </select>
        </label>
      </div>
      {!model && <p className="text-slate-600">Choose a model to see its fairness reports.</p>}
      {model && version && (
        <>
          <OfflineFairness model={model} version={version} />
          {compare && <CompareVersions model={model} a={version} b={compare} />}
          <OnlineFairness model={model} version={version} attribute={attribute} windowKey={params.get('window') ?? '24h'} attributes={attributes} onChange={setParams} />
        </>
      )}
    </div>
  );
}
