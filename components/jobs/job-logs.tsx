const LEVEL: Record<string, string> = { info: 'text-slate-500', warn: 'text-amber-700', error: 'text-red-700' };

/** A job's log lines, oldest first (the server sends at most 2000). */
export function JobLogs({ logs }: { logs: { id: number; at: Date | string; level: string; message: string; data: unknown }[] }) {
  if (logs.length === 0) return <p className="text-sm text-slate-500">No log lines yet.</p>;
  return (
    <ol aria-label="Log lines" className="max-h-[28rem] overflow-auto rounded border border-slate-200 bg-slate-950 p-3 font-mono text-xs text-slate-100">
      {logs.map((l) => (
        <li key={l.id} className="whitespace-pre-wrap break-words" data-testid="job-log-line">
          <span className="text-slate-400">{new Date(l.at).toLocaleTimeString()}</span> <span className={LEVEL[l.level] ?? ''}>{l.level.toUpperCase()}</span> {l.message}
          {l.data != null && <span className="text-slate-400"> {JSON.stringify(l.data)}</span>}
        </li>
      ))}
    </ol>
  );
}
