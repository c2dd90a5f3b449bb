// Coloured status words: evidence (pass / fail / pending) and request statuses. Text, not colour
// alone, carries the meaning.
const TONE: Record<string, string> = {
  pass: 'bg-emerald-100 text-emerald-800',
  completed: 'bg-emerald-100 text-emerald-800',
  succeeded: 'bg-emerald-100 text-emerald-800',
  fail: 'bg-red-100 text-red-800',
  failed: 'bg-red-100 text-red-800',
  rolled_back: 'bg-red-100 text-red-800',
  rejected: 'bg-red-100 text-red-800',
  pending: 'bg-amber-100 text-amber-900',
  queued: 'bg-amber-100 text-amber-900',
  running: 'bg-sky-100 text-sky-900',
  rolling_out: 'bg-sky-100 text-sky-900',
  approved: 'bg-sky-100 text-sky-900',
};

export function statusLabel(status: string): string {
  return status.replace(/_/g, ' ');
}

export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <span data-testid={testId} className={`inline-block rounded px-2 py-0.5 text-xs font-semibold uppercase tracking-wide ${TONE[status] ?? 'bg-slate-100 text-slate-700'}`}>
      {statusLabel(status)}
    </span>
  );
}
