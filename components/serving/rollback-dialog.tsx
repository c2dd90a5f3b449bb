'use client';
// The rollback confirmation: a modal <dialog> (focus moves into it, Escape closes it) that shows
// where production will land — the last good version, computed by the server
// (aliases.rollbackPreview) — asks why, then rolls back naming the version it rolls back *from*,
// so a change made by someone else in the meantime is refused (CONFLICT) instead of rolling back
// twice, and a retry of the same rollback answers the first one's result.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTRPC } from '@/lib/trpc';

interface Props {
  model: string;
  fromVersion: number;
  toVersion: number;
  onClose: () => void;
}

export function RollbackDialog({ model, fromVersion, toVersion, onClose }: Props) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [reason, setReason] = useState('');
  const rollback = useMutation(
    trpc.aliases.rollback.mutationOptions({
      onSuccess: async () => {
        await Promise.all([qc.invalidateQueries({ queryKey: trpc.aliases.pathKey() }), qc.invalidateQueries({ queryKey: trpc.predictions.pathKey() })]);
        onClose();
      },
    }),
  );

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  const conflict = rollback.error?.data?.code === 'CONFLICT';

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!reason.trim()) return;
    rollback.mutate({ model, reason: reason.trim(), fromVersion });
  }

  return (
    // Escape fires `cancel`; the dialog closes itself and we drop it from the tree.
    <dialog ref={ref} aria-labelledby={`${id}-title`} onCancel={onClose} className="m-auto w-[28rem] max-w-[95vw] rounded border border-slate-300 p-0 shadow-xl backdrop:bg-slate-900/40">
      <form onSubmit={submit} aria-label={`Roll back ${model}`} className="flex flex-col gap-3 p-5 [overflow-wrap:anywhere]">
        <h2 id={`${id}-title`} className="text-lg font-semibold break-words">
          Roll back {model}
        </h2>
        <p className="text-sm break-words text-slate-700" data-testid="rollback-target">
          Production moves from <strong>v{fromVersion}</strong> back to <strong>v{toVersion}</strong>, the last good version (the most recent earlier production version not
          itself rolled back from). v{fromVersion} is then marked bad: it returns only through a new approved promotion request. Serving switches within seconds.
        </p>
        <label className="flex flex-col gap-1 text-sm">
          Reason (required)
          <textarea
            autoFocus
            required
            maxLength={2000}
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="e.g. error rate up since v3"
            className="rounded border border-slate-300 px-2 py-1"
          />
        </label>
        {rollback.error && (
          <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm break-words text-red-700">
            {conflict ? 'Production changed meanwhile; reload.' : rollback.error.message}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={onClose} className="rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
            Cancel
          </button>
          <button type="submit" disabled={rollback.isPending || !reason.trim()} className="rounded bg-red-700 px-3 py-1.5 text-sm text-white hover:bg-red-800 disabled:opacity-50">
            Roll back to v{toVersion}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/**
 * The button that opens the dialog; disabled, with the reason said, when there is nothing to roll
 * back to. The versions are fixed when the dialog opens: a poll that brings a newer production
 * must not silently retarget a rollback the user confirmed for another version.
 */
export function RollbackButton({ model }: { model: string }) {
  const trpc = useTRPC();
  const preview = useQuery({ ...trpc.aliases.rollbackPreview.queryOptions({ model }), refetchInterval: 5000 });
  const [open, setOpen] = useState<{ from: number; to: number } | null>(null);
  const production = preview.data?.from ?? null;
  const target = preview.data?.to ?? null;
  const why = !preview.data ? null : production === null ? 'No production version.' : target === null ? 'No earlier good production version to return to.' : null;
  const hint = useId();
  return (
    <>
      <button
        type="button"
        disabled={!!why || !preview.data}
        aria-describedby={why ? hint : undefined}
        onClick={() => production !== null && target !== null && setOpen({ from: production, to: target })}
        className="rounded border border-red-300 px-2 py-1 text-sm text-red-700 hover:bg-red-50 disabled:cursor-not-allowed disabled:border-slate-200 disabled:text-slate-400"
      >
        {target !== null ? `Roll back to v${target}` : 'Roll back'}
        <span className="sr-only"> ({model})</span>
      </button>
      {why && (
        <span id={hint} className="ml-2 text-xs text-slate-500">
          {why}
        </span>
      )}
      {open && <RollbackDialog model={model} fromVersion={open.from} toVersion={open.to} onClose={() => setOpen(null)} />}
    </>
  );
}
