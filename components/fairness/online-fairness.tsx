'use client';
// The online report: labelled traffic of a window grouped by an attribute of the request's
// inputs or logged context.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';
import { AttributeReport } from './attribute-report';

export const ONLINE_WINDOWS = [
  { key: '1h', label: '1 hour', minutes: 60 },
  { key: '24h', label: '24 hours', minutes: 24 * 60 },
  { key: '7d', label: '7 days', minutes: 7 * 24 * 60 },
] as const;

export function OnlineFairness({ model, version, attribute, windowKey, attributes, onChange }: { model: string; version: number; attribute: string; windowKey: string; attributes: string[]; onChange: (p: Record<string, string | null>) => void }) {
  const trpc = useTRPC();
  const w = ONLINE_WINDOWS.find((x) => x.key === windowKey) ?? ONLINE_WINDOWS[1];
  const q = useQuery({ ...trpc.fairness.online.queryOptions({ model, version, attribute, windowMinutes: w.minutes }), enabled: !!attribute });
  return (
    <section aria-labelledby="online-title" className="flex flex-col gap-4">
      <h2 id="online-title" className="text-lg font-semibold">
        Online: labelled traffic
      </h2>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-sm">
          Attribute (input or context field)
          <input list="fairness-attributes" defaultValue={attribute} key={attribute} onBlur={(e) => onChange({ attribute: e.target.value.trim() || null })} onKeyDown={(e) => e.key === 'Enter' && onChange({ attribute: e.currentTarget.value.trim() || null })} className="rounded border border-slate-300 px-2 py-1" />
          <datalist id="fairness-attributes">
            {attributes.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Window
          <select value={w.key} onChange={(e) => onChange({ window: e.target.value })} className="rounded border border-slate-300 px-2 py-1">
            {ONLINE_WINDOWS.map((x) => (
              <option key={x.key} value={x.key}>
                last {x.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!attribute && <p className="text-sm text-slate-600">Name an attribute to group labelled predictions by.</p>}
      {q.error && (
        <p role="alert" className="text-red-700">
          {q.error.message}
        </p>
      )}
      {q.data && q.data.n === 0 && <p className="text-sm text-slate-600">No labelled predictions of v{version} in the last {w.label}.</p>}
      {q.data?.report && (
        <>
          <p className="text-sm text-slate-600">
            {q.data.n} labelled predictions{q.data.sampleLimit && q.data.n >= q.data.sampleLimit ? ` (the newest ${q.data.sampleLimit})` : ''}.
            {q.data.groupsPooled ? ` ${q.data.groupsDistinct} groups: the largest are shown, ${q.data.groupsPooled} pooled as "(other)".` : ''}
          </p>
          <AttributeReport attribute={attribute} report={q.data.report} intervals={q.data.intervals} scope="online" />
        </>
      )}
    </section>
  );
}
