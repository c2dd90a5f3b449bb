// Coloured, text-first badges for alert severity and drift state (colour is never the only cue).
const SEVERITY: Record<string, string> = {
  critical: 'bg-red-100 text-red-800 border-red-300',
  warning: 'bg-amber-100 text-amber-900 border-amber-300',
  info: 'bg-sky-100 text-sky-900 border-sky-300',
};

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`inline-block rounded border px-1.5 py-0.5 text-xs font-medium ${SEVERITY[severity] ?? 'bg-slate-100 text-slate-800 border-slate-300'}`}>{severity}</span>;
}

export function DriftBadge({ drifted }: { drifted: boolean }) {
  return drifted ? (
    <span className="inline-block rounded border border-red-300 bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800">drifted</span>
  ) : (
    <span className="inline-block rounded border border-emerald-300 bg-emerald-50 px-1.5 py-0.5 text-xs text-emerald-800">ok</span>
  );
}
