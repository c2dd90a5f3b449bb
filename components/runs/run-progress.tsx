export function RunProgress({ progress, status }: { progress: number; status: string }) {
  const pct = Math.round(Math.min(1, Math.max(0, progress)) * 100);
  const label = status === 'queued' ? 'waiting for a worker' : status === 'running' ? (pct < 50 ? 'holdout fit' : 'final fit on all rows') : status;
  return (
    <div className="flex flex-col gap-1">
      <div className="flex justify-between text-sm">
        <span id="run-progress-label">Training progress</span>
        <span className="tabular-nums text-slate-600">
          {pct}% · {label}
        </span>
      </div>
      <div role="progressbar" aria-labelledby="run-progress-label" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} className="h-2.5 w-full overflow-hidden rounded bg-slate-200">
        <div className={`h-full ${status === 'failed' ? 'bg-red-500' : status === 'cancelled' ? 'bg-amber-500' : 'bg-brand-600'}`} style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
