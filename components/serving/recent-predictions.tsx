'use client';
// The newest logged predictions of a model (last day), with the feedback label once it arrived.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';
import { fmtMs, inputsSummary } from './format';

export function RecentPredictions({ model }: { model: string }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.predictions.recent.queryOptions({ model, limit: 50 }), refetchInterval: 5000 });
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      {q.error && (
        <p role="alert" className="px-3 py-2 text-sm text-red-700">
          {q.error.message}
        </p>
      )}
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Recent predictions of {model}, newest first</caption>
        <thead className="bg-slate-100 text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">Time</th>
            <th scope="col" className="px-3 py-2">Route</th>
            <th scope="col" className="px-3 py-2">Version</th>
            <th scope="col" className="px-3 py-2">Score</th>
            <th scope="col" className="px-3 py-2">Label</th>
            <th scope="col" className="px-3 py-2">Latency</th>
            <th scope="col" className="px-3 py-2">Inputs</th>
            <th scope="col" className="px-3 py-2">Feedback</th>
          </tr>
        </thead>
        <tbody>
          {q.data?.map((p) => (
            <tr key={p.id} className="border-t border-slate-100" data-testid="prediction-row">
              <td className="whitespace-nowrap px-3 py-2">{new Date(p.ts).toLocaleString()}</td>
              <td className="px-3 py-2">{p.route}</td>
              <td className="px-3 py-2" data-testid="prediction-version">
                v{p.version}
              </td>
              <td className="px-3 py-2 tabular-nums">{typeof p.outputs?.score === 'number' ? p.outputs.score.toFixed(4) : '—'}</td>
              <td className="px-3 py-2">{p.outputs?.label ?? '—'}</td>
              <td className="px-3 py-2 tabular-nums">{fmtMs(p.latencyMs)}</td>
              <td className="max-w-md truncate px-3 py-2 font-mono text-xs" title={JSON.stringify(p.inputs)}>
                {inputsSummary(p.inputs)}
              </td>
              <td className="px-3 py-2">{p.label ?? '—'}</td>
            </tr>
          ))}
          {q.data && q.data.length === 0 && (
            <tr>
              <td colSpan={8} className="px-3 py-6 text-center text-slate-500">
                No predictions in the last day.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
