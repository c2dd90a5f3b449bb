'use client';
// /promotions: the requests (status filter in the URL, ?status=) and, for users who may request,
// the "Request promotion" form (prefilled from ?model=&version=, e.g. from a version's page).
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCan } from '@/components/ui/use-permissions';
import { useTRPC } from '@/lib/trpc';
import { RequestForm } from './request-form';
import { StatusBadge, statusLabel } from './status-badge';

const STATUSES = ['pending', 'rolling_out', 'completed', 'rolled_back', 'rejected', 'cancelled', 'stale'] as const;

export function PromotionsScreen() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const canRequest = useCan('promotion.request');
  const status = params.get('status') ?? '';
  const model = params.get('model');
  const version = Number(params.get('version')) || null;
  const list = useQuery({ ...trpc.promotions.list.queryOptions({ status: status || undefined }), refetchInterval: 10_000 });

  function setStatus(next: string) {
    const p = new URLSearchParams(params.toString());
    if (next) p.set('status', next);
    else p.delete('status');
    router.replace(`${pathname}?${p.toString()}`, { scroll: false });
  }

  return (
    <div className="flex flex-col gap-6">
      {canRequest && <RequestForm key={`${model}-${version}`} initialModel={model} initialVersion={version} />}
      <section aria-labelledby="requests-title" className="flex flex-col gap-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="requests-title" className="text-lg font-semibold">
            Promotion requests
          </h2>
          <label className="flex flex-col gap-1 text-sm">
            Status
            <select value={status} onChange={(e) => setStatus(e.target.value)} className="rounded border border-slate-300 px-2 py-1">
              <option value="">all</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(s)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {list.error && (
          <p role="alert" className="text-red-700">
            {list.error.message}
          </p>
        )}
        <div className="overflow-x-auto rounded border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Promotion requests, newest first</caption>
            <thead className="bg-slate-100 text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2">Request</th>
                <th scope="col" className="px-3 py-2">Target</th>
                <th scope="col" className="px-3 py-2">Status</th>
                <th scope="col" className="px-3 py-2">Note</th>
                <th scope="col" className="px-3 py-2">Requested</th>
              </tr>
            </thead>
            <tbody>
              {list.data?.map((r) => (
                <tr key={r.req.id} className="border-t border-slate-100 align-top" data-testid="promotion-row">
                  <td className="px-3 py-2">
                    <Link href={`/promotions/${r.req.id}`} className="text-brand-700 underline">
                      {r.model} v{r.candidate}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{r.req.target}</td>
                  <td className="px-3 py-2">
                    <StatusBadge status={r.req.status} />
                  </td>
                  <td className="max-w-md truncate px-3 py-2" title={r.req.note}>
                    {r.req.note}
                  </td>
                  <td className="whitespace-nowrap px-3 py-2">{new Date(r.req.createdAt).toLocaleString()}</td>
                </tr>
              ))}
              {list.data && list.data.length === 0 && (
                <tr>
                  <td colSpan={5} className="px-3 py-6 text-center text-slate-500">
                    No promotion requests{status ? ` with status ${statusLabel(status)}` : ''}.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
