'use client';
// /audit: the audit log in the shared data table. The server pages, sorts and filters; the URL
// keeps the state (?targetType=user&page=2 survives a reload and can be shared).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { RelativeTime } from '@/components/format/relative-time';
import { DataTable, type DataColumn } from '@/components/table/data-table';
import { pageQueryProps } from '@/components/table/page-query-props';
import { useUrlTableState } from '@/components/table/use-url-table-state';
import type { TableUrlConfig } from '@/components/table/url-state';
import { useTRPC } from '@/lib/trpc';
import type { AuditSortKey } from '@/server/services/audit/list-audit';
import { describeChange } from './describe-change';

const FILTERS = [
  { key: 'action', label: 'Action starts with' },
  { key: 'actor', label: 'Actor contains' },
  { key: 'targetType', label: 'Target type' },
  { key: 'targetId', label: 'Target id' },
] as const;

const CONFIG: TableUrlConfig<AuditSortKey> = {
  sortKeys: ['at', 'action', 'actor', 'targetType'],
  defaultSort: 'at',
  defaultDir: 'desc',
  filterKeys: FILTERS.map((f) => f.key),
};

interface AuditRow {
  id: number;
  at: Date;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

function columns(labels: Record<string, string>): DataColumn<AuditRow>[] {
  const label = (id: string) => labels[id.toLowerCase()];
  return [
    { id: 'at', header: 'When', cell: ({ row }) => <RelativeTime at={row.original.at} /> },
    { id: 'actor', sortDescFirst: false, header: 'Actor', cell: ({ row }) => row.original.actorLabel },
    { id: 'action', sortDescFirst: false, header: 'Action', cell: ({ row }) => <span className="font-mono">{row.original.action}</span> },
    {
      id: 'targetType',
      sortDescFirst: false,
      header: 'Target',
      cell: ({ row }) => {
        const e = row.original;
        return (
          <span data-testid="audit-target">
            {e.targetType} {label(e.targetId) && <span className="font-medium">{label(e.targetId)}</span>}{' '}
            <span className="break-all font-mono text-xs text-slate-500" title={e.targetId}>
              {label(e.targetId) ? e.targetId.slice(0, 8) : e.targetId}
            </span>
          </span>
        );
      },
    },
    {
      id: 'change',
      enableSorting: false,
      header: 'Change',
      cell: ({ row }) => (
        <div className="break-all font-mono text-xs" data-testid="audit-change">
          {describeChange(row.original.before, row.original.after, labels).map((line, i) => (
            <div key={i}>{line}</div>
          ))}
        </div>
      ),
    },
    { id: 'reason', enableSorting: false, header: 'Why', cell: ({ row }) => row.original.reason },
  ];
}

export function AuditScreen() {
  const trpc = useTRPC();
  const { state, update } = useUrlTableState(CONFIG);
  const filters = Object.fromEntries(FILTERS.map((f) => [f.key, state.filters[f.key] || undefined]));
  const list = useQuery(
    trpc.audit.list.queryOptions({ offset: state.pageIndex * state.pageSize, limit: state.pageSize, sort: state.sort, dir: state.dir, ...filters }, { placeholderData: keepPreviousData }),
  );
  const labels = list.data?.labels ?? {};

  // A form (not a filter per keystroke): ids and prefixes are typed whole, then applied together.
  function apply(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    update({ filters: Object.fromEntries(FILTERS.map((f) => [f.key, String(form.get(f.key) ?? '').trim()])) });
  }
  const filtered = Object.keys(state.filters).length > 0;

  return (
    <div className="flex flex-col gap-4">
      {/* Keyed on the URL's filters so back/forward and "Clear" refill the inputs. */}
      <form key={JSON.stringify(state.filters)} onSubmit={apply} className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-4" aria-label="Filter audit events">
        {FILTERS.map((f) => (
          <label key={f.key} className="flex flex-col gap-1 text-sm">
            {f.label}
            <input name={f.key} defaultValue={state.filters[f.key] ?? ''} maxLength={200} className="rounded border border-slate-300 px-2 py-1" />
          </label>
        ))}
        <button type="submit" className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">
          Filter
        </button>
        {filtered && (
          <button type="button" onClick={() => update({ filters: Object.fromEntries(FILTERS.map((f) => [f.key, ''])) })} className="rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
            Clear
          </button>
        )}
      </form>
      <DataTable
        caption="Audit events"
        columns={columns(labels)}
        {...pageQueryProps(list)}
        state={state}
        onChange={update}
        getRowId={(e) => String(e.id)}
        rowTestId="audit-row"
        empty={filtered ? 'No event matches these filters. Clear a filter to see more.' : 'No events yet.'}
      />
    </div>
  );
}
