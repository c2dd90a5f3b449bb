'use client';
// /promotions: the requests in the shared data table (paged, sorted and filtered on the server;
// ?status=&q=&page= in the URL) and, for users who may request, the "Request promotion" form
// (prefilled from ?model=&version=, e.g. from a version's page).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { RelativeTime } from '@/components/format/relative-time';
import { DataTable, type DataColumn } from '@/components/table/data-table';
import { pageQueryProps } from '@/components/table/page-query-props';
import { nameColumn } from '@/components/table/name-column';
import { TextFilter } from '@/components/table/text-filter';
import { useUrlTableState } from '@/components/table/use-url-table-state';
import type { TableUrlConfig } from '@/components/table/url-state';
import { useCan } from '@/components/ui/use-permissions';
import { useTRPC } from '@/lib/trpc';
import type { PromotionSortKey } from '@/server/services/promotions/list-promotions-page';
import { RequestForm } from './request-form';
import { StatusBadge, statusLabel } from './status-badge';

// The same list as server/db/schema/promotions.ts PROMOTION_STATUSES (not imported: drizzle).
const STATUSES = ['pending', 'approved', 'rolling_out', 'completed', 'rolled_back', 'rejected', 'cancelled', 'stale'] as const;
type Status = (typeof STATUSES)[number];

const CONFIG: TableUrlConfig<PromotionSortKey> = { sortKeys: ['createdAt', 'updatedAt', 'status', 'model'], defaultSort: 'createdAt', defaultDir: 'desc', filterKeys: ['status', 'q'] };

interface PromotionRow {
  id: string;
  model: string;
  candidate: number;
  target: string;
  status: string;
  note: string;
  requestedByEmail: string;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS: DataColumn<PromotionRow>[] = [
  nameColumn({ id: 'model', header: 'Request', href: (r) => `/promotions/${r.id}`, name: (r) => `${r.model} v${r.candidate}` }),
  { id: 'target', enableSorting: false, header: 'Target', cell: ({ row }) => row.original.target },
  { id: 'status', sortDescFirst: false, header: 'Status', cell: ({ row }) => <StatusBadge status={row.original.status} /> },
  {
    id: 'note',
    enableSorting: false,
    header: 'Note',
    cell: ({ row }) => (
      <span className="block max-w-md truncate" title={row.original.note}>
        {row.original.note}
      </span>
    ),
  },
  { id: 'requestedBy', enableSorting: false, header: 'Requested by', cell: ({ row }) => row.original.requestedByEmail },
  { id: 'createdAt', header: 'Requested', cell: ({ row }) => <RelativeTime at={row.original.createdAt} /> },
  { id: 'updatedAt', header: 'Updated', cell: ({ row }) => <RelativeTime at={row.original.updatedAt} /> },
];

export function PromotionsScreen() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const canRequest = useCan('promotion.request');
  const model = params.get('model');
  const version = Number(params.get('version')) || null;
  const { state, update } = useUrlTableState(CONFIG);
  const status = STATUSES.includes(state.filters.status as Status) ? (state.filters.status as Status) : undefined;
  const list = useQuery({
    ...trpc.promotions.page.queryOptions(
      { offset: state.pageIndex * state.pageSize, limit: state.pageSize, sort: state.sort, dir: state.dir, status, q: state.filters.q || undefined },
      { placeholderData: keepPreviousData },
    ),
    refetchInterval: 10_000,
  });
  const filtered = Object.keys(state.filters).length > 0;

  return (
    <div className="flex flex-col gap-6">
      {canRequest && <RequestForm key={`${model}-${version}`} initialModel={model} initialVersion={version} />}
      <section aria-labelledby="requests-title" className="flex flex-col gap-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="requests-title" className="text-lg font-semibold">
            Promotion requests
          </h2>
          <form role="search" aria-label="Filter promotion requests" className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
            <TextFilter label="Model contains" value={state.filters.q ?? ''} onChange={(q) => update({ filters: { q } })} />
            <label className="flex flex-col gap-1 text-sm">
              Status
              <select value={status ?? ''} onChange={(e) => update({ filters: { status: e.target.value } })} className="rounded border border-slate-300 px-2 py-1">
                <option value="">all</option>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {statusLabel(s)}
                  </option>
                ))}
              </select>
            </label>
          </form>
        </div>
        <DataTable
          caption="Promotion requests, newest first"
          columns={COLUMNS}
          {...pageQueryProps(list)}
          state={state}
          onChange={update}
          getRowId={(r) => r.id}
          rowTestId="promotion-row"
          empty={filtered ? `No promotion requests match${status ? ` with status ${statusLabel(status)}` : ''}. Clear a filter to see more.` : 'No promotion requests yet.'}
        />
      </section>
    </div>
  );
}
