'use client';
// /on-call: every served model on one screen, with its state (healthy / drifting / degraded),
// its traffic and latency over the last hour and a one-click rollback. Polls every 5 s.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useCan } from '@/components/ui/use-permissions';
import { OpenAlertsCount } from '@/components/monitoring/open-alerts-count';
import { useTRPC } from '@/lib/trpc';
import { fmtMs, fmtShare } from './format';
import { RollbackButton } from './rollback-dialog';
import { ServingHealth } from './serving-health';

const versionLink = (model: string, v: number) => (
  <Link href={`/models/${encodeURIComponent(model)}/versions/${v}`} className="text-brand-700 hover:underline">
    v{v}
  </Link>
);

const STATE_STYLE = { healthy: 'bg-green-100 text-green-800', drifting: 'bg-amber-100 text-amber-900', degraded: 'bg-red-100 text-red-800' } as const;

export function OnCallScreen() {
  const trpc = useTRPC();
  const canRollback = useCan('alias.rollback');
  const q = useQuery({ ...trpc.aliases.onCall.queryOptions(), refetchInterval: 5000 });

  return (
    <div className="flex flex-col gap-4">
      <p className="max-w-3xl text-sm text-slate-600">
        Models with a version behind an alias. State: <strong>degraded</strong> when a service or performance alert is firing (errors, latency, traffic, accuracy, a canary regression, monitoring failing) or 5 % or more of the last 15 minutes’ requests failed; <strong>drifting</strong> when only input or prediction drift alerts are firing; otherwise <strong>healthy</strong>. Traffic and latency cover the last hour of online predictions (production and canary; shadow, explicit-version and batch scoring excluded), from the per-minute rollups; the page refreshes every 5 seconds.
      </p>
      <ServingHealth />
      {q.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {q.error.message}
        </p>
      )}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Served models</caption>
          <thead className="bg-slate-100 text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">Model</th>
              <th scope="col" className="px-3 py-2">State</th>
              <th scope="col" className="px-3 py-2">Production</th>
              <th scope="col" className="px-3 py-2">Canary</th>
              <th scope="col" className="px-3 py-2">Shadow</th>
              <th scope="col" className="px-3 py-2">Predictions (1 h)</th>
              <th scope="col" className="px-3 py-2">p99 latency</th>
              <th scope="col" className="px-3 py-2">Last prediction</th>
              <th scope="col" className="px-3 py-2">Alerts</th>
              <th scope="col" className="px-3 py-2">Rollback</th>
            </tr>
          </thead>
          <tbody>
            {q.data?.map((m) => (
              <tr key={m.modelId} className="border-t border-slate-100 align-top" data-testid={`on-call-row-${m.name}`}>
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  <Link href={`/models/${encodeURIComponent(m.name)}`} className="text-brand-700 hover:underline">
                    {m.name}
                  </Link>
                  {m.breakGlass && (
                    <p className="mt-1 max-w-xs rounded bg-red-50 px-2 py-1 text-xs font-normal break-words text-red-800" data-testid="on-call-break-glass">
                      Break-glass: {m.breakGlass.actor} moved {m.breakGlass.alias} to {m.breakGlass.toVersion !== null ? `v${m.breakGlass.toVersion}` : 'nothing'} at {new Date(m.breakGlass.at).toLocaleString()} — “{m.breakGlass.reason}”
                    </p>
                  )}
                </th>
                <td className="px-3 py-2" data-testid="on-call-state">
                  <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATE_STYLE[m.state]}`}>{m.state}</span>
                  {m.stateReasons.length > 0 && <p className="mt-1 text-xs text-slate-600">{m.stateReasons.join('; ')}</p>}
                </td>
                <td className="px-3 py-2" data-testid="on-call-production">
                  {m.production !== null ? versionLink(m.name, m.production) : '—'}
                </td>
                <td className="px-3 py-2">
                  {m.canary !== null ? (
                    <>
                      {versionLink(m.name, m.canary)} at {fmtShare(m.canaryShare)}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="px-3 py-2">{m.shadow !== null ? versionLink(m.name, m.shadow) : '—'}</td>
                <td className="px-3 py-2 tabular-nums">
                  {m.predictions1h > 0 ? m.predictions1h.toLocaleString() : <span className="text-amber-800">no traffic in the last hour</span>}
                </td>
                <td className="px-3 py-2 tabular-nums">{fmtMs(m.p99Ms)}</td>
                <td className="whitespace-nowrap px-3 py-2">{m.lastPredictionAt ? new Date(m.lastPredictionAt).toLocaleString() : '—'}</td>
                <td className="whitespace-nowrap px-3 py-2">
                  <OpenAlertsCount model={m.name} />
                </td>
                <td className="whitespace-nowrap px-3 py-2">
                  {canRollback ? <RollbackButton model={m.name} /> : <span className="text-xs text-slate-500">your role cannot roll back</span>}
                </td>
              </tr>
            ))}
            {q.data && q.data.length === 0 && (
              <tr>
                <td colSpan={10} className="px-3 py-6 text-center text-slate-500">
                  No model is served yet: promote a version to production on its model page.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
