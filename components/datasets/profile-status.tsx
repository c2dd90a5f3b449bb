const STYLE: Record<string, string> = {
  pending: 'bg-amber-100 text-amber-800',
  ready: 'bg-green-100 text-green-800',
  failed: 'bg-red-100 text-red-800',
};
const TEXT: Record<string, string> = { pending: 'profiling…', ready: 'profiled', failed: 'profile failed' };

export function ProfileStatusBadge({ status }: { status: string }) {
  return <span className={`rounded px-2 py-0.5 text-xs ${STYLE[status] ?? 'bg-slate-100'}`}>{TEXT[status] ?? status}</span>;
}
