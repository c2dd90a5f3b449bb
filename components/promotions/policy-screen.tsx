'use client';
// /promotions/policy?model=: the model's golden set, policy and evaluations.
import { useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCan } from '@/components/ui/use-permissions';
import { ChoiceSearch, useNameChoices } from '@/components/ui/name-choices';
import { useTRPC } from '@/lib/trpc';
import { EvaluationsPanel } from './evaluations-panel';
import { GoldenSetForm } from './golden-set-form';
import { PolicyForm } from './policy-form';

export function PolicyScreen() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const model = params.get('model') ?? '';
  const models = useNameChoices('models', model);
  const policy = useQuery({ ...trpc.evaluations.policy.queryOptions({ model }), enabled: !!model });
  const canWrite = useCan('model.write');
  const canManage = useCan('policy.manage');

  return (
    <div className="flex flex-col gap-6">
      <label className="flex flex-col gap-1 text-sm">
        Model
        <select value={model} onChange={(e) => router.replace(`${pathname}?model=${encodeURIComponent(e.target.value)}`, { scroll: false })} className="max-w-xs rounded border border-slate-300 px-2 py-1">
          <option value="">choose a model</option>
          {models.names.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <ChoiceSearch choices={models} />
      {policy.error && (
        <p role="alert" className="text-red-700">
          {policy.error.message}
        </p>
      )}
      {model && policy.data && (
        <>
          {canWrite ? (
            <GoldenSetForm model={model} policy={policy.data} />
          ) : (
            <p className="text-sm text-slate-700">Golden set: {policy.data.goldenDatasetVersionId ? `dataset version ${policy.data.goldenDatasetVersionId}, label ${policy.data.goldenLabelColumn}` : 'none'}</p>
          )}
          <PolicyForm key={model} model={model} policy={policy.data} canEdit={!!canManage} />
          <EvaluationsPanel model={model} hasGolden={!!policy.data.goldenDatasetVersionId} />
        </>
      )}
    </div>
  );
}
