'use client';
// The Overview page: the fleet at a glance. One query (overview.fleet), refreshed every 30 s.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc';
import { JobStatusBadge } from '@/components/jobs/job-status-badge';
import { Sparkline } from './sparkline';

const HEALTH_STYLE: Record<string, string> = {
  healthy: 'border-emerald-300 bg-emerald-50 text-emerald-800',
  drifting: 'border-amber-300 bg-amber-100 text-amber-900',
  degraded: 'border-red-300 bg-red-100 text-red-800',
};

function HealthBadge({ health, metrics }: { health: string; metrics: string[] }) {
  return (
    <span
      className={`inline-block rounded border px-1.5 py-0.5 text-xs font-medium ${HEALTH_STYLE[health] ?? ''}`}
      title={metrics.length ? `Firing: ${metrics.join(', ')}` : 'No open alerts'}
      data-testid="model-health"
    >
      {health}
    </span>
  );
}

function Time({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={iso} className="whitespace-nowrap">
      {new Date(iso).toLocaleString()}
    </time>
  );
}

function Panel({ title, href, children }: { title: string; href: string; children: React.ReactNode }) {
  const id = `ov-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <section aria-labelledby={id} className="flex flex-col gap-2 rounded border border-slate-200 bg-white p-4">
      <div className="flex items-baseline justify-between">
        <h2 id={id} className="font-semibold">
          {title}
        </h2>
        <Link href={href} className="text-sm text-brand-700 hover:underline">
          All
        </Link>
      </div>
      {children}
    </section>
  );
}

const Empty = ({ children }: { children: React.ReactNode }) => <p className="text-sm text-slate-500">{children}</p>;

export function FleetOverview() {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.overview.fleet.queryOptions(), refetchInterval: 30_000 });
  if (q.error) {
    return (
      <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
        {q.error.message}
      </p>
    );
  }
  if (!q.data) return <p className="text-slate-500">Loading the fleet…</p>;
  const f = q.data;
  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="ov-models" className="flex flex-col gap-2">
        <div className="flex items-baseline gap-3">
          <h2 id="ov-models" className="text-lg font-semibold">
            Served models
          </h2>
          <span className="text-sm text-slate-500">
            {f.models.length}
            {f.modelsTruncated ? '+ (first 100 by name)' : ''} · {f.openAlerts} open alert{f.openAlerts === 1 ? '' : 's'}
          </span>
        </div>
        {f.models.length === 0 ? (
          <Empty>
            No model is served yet. Register a version on <Link href="/models" className="text-brand-700 hover:underline">Models</Link> and move its production alias there.
          </Empty>
        ) : (
          <div className="overflow-x-auto rounded border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Served models: state, versions behind each alias, traffic of the last two hours, open alerts</caption>
              <thead className="bg-slate-100 text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2">Model</th>
                  <th scope="col" className="px-3 py-2">State</th>
                  <th scope="col" className="px-3 py-2">Aliases</th>
                  <th scope="col" className="px-3 py-2">Traffic (2 h)</th>
                  <th scope="col" className="px-3 py-2">Open alerts</th>
                </tr>
              </thead>
              <tbody>
                {f.models.map((m) => {
                  const href = `/models/${encodeURIComponent(m.name)}`;
                  const total = m.traffic.reduce((s, v) => s + v, 0);
                  return (
                    <tr key={m.id} className="border-t border-slate-100" data-testid="fleet-row">
                      <th scope="row" className="px-3 py-2 font-medium">
                        <Link href={href} className="text-brand-700 hover:underline">
                          {m.name}
                        </Link>
                      </th>
                      <td className="px-3 py-2">
                        <HealthBadge health={m.health} metrics={m.alertMetrics} />
                      </td>
                      <td className="px-3 py-2">
                        <ul className="flex flex-wrap gap-2">
                          {m.aliases.map((a) => (
                            <li key={a.alias}>
                              <Link href={`${href}/versions/${a.version}`} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs hover:underline">
                                {a.alias} v{a.version}
                                {a.alias === 'canary' ? ` · ${Math.round(a.share * 100)}%` : ''}
                              </Link>
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td className="px-3 py-2">
                        <Link href={`/monitoring?model=${encodeURIComponent(m.name)}`} className="flex items-center gap-2">
                          <Sparkline values={m.traffic} label={`${m.name}: ${total.toLocaleString()} predictions in the last two hours, per 5 minutes: ${m.traffic.join(', ')}`} />
                          <span className="tabular-nums text-slate-600">{total.toLocaleString()}</span>
                        </Link>
                      </td>
                      <td className="px-3 py-2">
                        {m.openAlerts > 0 ? (
                          <Link href={`/monitoring?model=${encodeURIComponent(m.name)}`} className="text-red-700 hover:underline">
                            {m.openAlerts}
                          </Link>
                        ) : (
                          <span className="text-slate-500">0</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <div className="grid grid-cols-1 gap-4 xl:grid-cols-3">
        {f.awaitingMe && (
          <Panel title="Waiting for your approval" href="/promotions">
            {f.awaitingMe.length === 0 ? (
              <Empty>No promotion request by others is waiting for a decision.</Empty>
            ) : (
              <ul className="flex flex-col gap-1 text-sm" data-testid="awaiting-me">
                {f.awaitingMe.map((r) => (
                  <li key={r.id}>
                    <Link href={`/promotions/${r.id}`} className="text-brand-700 hover:underline">
                      {r.model} v{r.version} → {r.target}
                    </Link>{' '}
                    <span className="text-slate-500">
                      by {r.requestedBy}, <Time iso={r.createdAt} />
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        )}
        <Panel title={`Running jobs (${f.activeJobsTotal})`} href="/jobs?status=queued,running">
          {f.activeJobs.length === 0 ? (
            <Empty>Nothing is training, scoring or evaluating right now.</Empty>
          ) : (
            <ul className="flex flex-col gap-1 text-sm">
              {f.activeJobs.map((j) => (
                <li key={j.id} className="flex items-center gap-2">
                  <JobStatusBadge status={j.status} />
                  <Link href={`/jobs/${j.id}`} className="truncate text-brand-700 hover:underline">
                    {j.title}
                  </Link>
                  {j.status === 'running' && <span className="tabular-nums text-slate-500">{Math.round(j.progress * 100)}%</span>}
                </li>
              ))}
            </ul>
          )}
        </Panel>
        {f.latestChanges && (
          <Panel title="Latest changes" href="/audit">
            {f.latestChanges.length === 0 ? (
              <Empty>No changes recorded yet.</Empty>
            ) : (
              <ul className="flex flex-col gap-1 text-sm">
                {f.latestChanges.map((e) => (
                  <li key={e.id}>
                    <Link href={`/audit?targetType=${encodeURIComponent(e.targetType)}&targetId=${encodeURIComponent(e.targetId)}`} className="text-brand-700 hover:underline">
                      {e.action}
                    </Link>{' '}
                    <span className="text-slate-500">
                      by {e.actor}, <Time iso={e.at} />
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        )}
      </div>
    </div>
  );
}
