'use client';
// Live traffic of one model over the last hour: predictions per minute (stacked by version and
// route) and p50 / p99 latency lines. Series come prepared (components/charts/prepare/traffic.ts).
import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { minuteLabel, prepareTraffic, type PreparedTraffic, type TrafficPoint } from '@/components/charts/prepare/traffic';
import { useTRPC } from '@/lib/trpc';

const MINUTES = 60;
const HEIGHT = 220;

function Legend({ title, items }: { title: string; items: { key: string; name: string; color: string; dashed?: boolean }[] }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-label={`${title} legend`}>
      {items.map((s) => (
        <li key={s.key} className="flex items-center gap-1.5">
          <svg width="18" height="8" aria-hidden="true">
            <line x1="0" y1="4" x2="18" y2="4" stroke={s.color} strokeWidth="2.5" strokeDasharray={s.dashed ? '4 3' : undefined} />
          </svg>
          {s.name}
        </li>
      ))}
    </ul>
  );
}

function CountsChart({ data }: { data: PreparedTraffic }) {
  const title = 'Predictions per minute';
  return (
    <figure className="flex min-w-0 flex-col gap-2 rounded border border-slate-200 bg-white p-3" aria-label={title}>
      <figcaption className="text-sm font-medium">{title}</figcaption>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={HEIGHT} initialDimension={{ width: 400, height: HEIGHT }}>
          <BarChart data={data.points} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="t" tickFormatter={minuteLabel} tick={{ fontSize: 11 }} minTickGap={24} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={40} />
            <Tooltip labelFormatter={(t) => minuteLabel(Number(t))} />
            {data.series.map((s) => (
              <Bar key={s.key} dataKey={(p: TrafficPoint) => p.counts[s.key]} name={s.name} stackId="n" fill={s.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <Legend title={title} items={data.series} />
    </figure>
  );
}

function LatencyChart({ data }: { data: PreparedTraffic }) {
  const title = 'Latency per minute (p50 solid, p99 dashed)';
  const items = data.series.flatMap((s) => [
    { key: `${s.key}:p50`, name: `${s.name} p50`, color: s.color },
    { key: `${s.key}:p99`, name: `${s.name} p99`, color: s.color, dashed: true },
  ]);
  return (
    <figure className="flex min-w-0 flex-col gap-2 rounded border border-slate-200 bg-white p-3" aria-label="Latency per minute">
      <figcaption className="text-sm font-medium">{title}</figcaption>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={HEIGHT} initialDimension={{ width: 400, height: HEIGHT }}>
          <LineChart data={data.points} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="t" tickFormatter={minuteLabel} tick={{ fontSize: 11 }} minTickGap={24} />
            <YAxis tick={{ fontSize: 11 }} width={48} unit=" ms" />
            <Tooltip labelFormatter={(t) => minuteLabel(Number(t))} formatter={(v) => (typeof v === 'number' ? `${v.toFixed(2)} ms` : String(v))} />
            {data.series.map((s) => [
              <Line key={`${s.key}:p50`} dataKey={(p: TrafficPoint) => p.p50[s.key]} name={`${s.name} p50`} stroke={s.color} dot={false} isAnimationActive={false} />,
              <Line key={`${s.key}:p99`} dataKey={(p: TrafficPoint) => p.p99[s.key]} name={`${s.name} p99`} stroke={s.color} strokeDasharray="5 4" dot={false} isAnimationActive={false} />,
            ])}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <Legend title="Latency per minute" items={items} />
    </figure>
  );
}

export function LiveTraffic({ model }: { model: string }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.predictions.traffic.queryOptions({ model, minutes: MINUTES }), refetchInterval: 5000 });
  if (q.error) {
    return (
      <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
        {q.error.message}
      </p>
    );
  }
  if (!q.data) return <p className="text-sm text-slate-500">Loading traffic…</p>;
  // The window ends at the time of the last fetch, so the chart slides as it polls.
  const data = prepareTraffic(q.data, { now: q.dataUpdatedAt, minutes: MINUTES });
  if (data.total === 0) return <p className="text-sm text-slate-500">No online predictions in the last hour.</p>;
  return (
    <div className="flex flex-col gap-2">
      <p className="text-sm text-slate-600" data-testid="traffic-total">
        {data.total.toLocaleString()} online predictions in the last hour (batch scoring not counted).
      </p>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <CountsChart data={data} />
        <LatencyChart data={data} />
      </div>
    </div>
  );
}
