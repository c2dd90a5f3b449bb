'use client';
// Tags and model card of a version: editable with model.write, read-only otherwise. The artifact
// and lineage never change.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import { CARD_FIELDS, type CardFields } from '@/server/services/models/card-fields';

const control = 'rounded border border-slate-300 px-2 py-1';

export function VersionEditForm({ versionId, tags, card, cardFields, canWrite }: { versionId: string; tags: string[]; card: string; cardFields: CardFields; canWrite: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [saved, setSaved] = useState(false);
  const update = useMutation(
    trpc.models.updateVersion.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        void qc.invalidateQueries({ queryKey: trpc.models.version.queryKey() });
        void qc.invalidateQueries({ queryKey: trpc.models.get.queryKey() });
      },
    }),
  );

  if (!canWrite) {
    return (
      <div className="flex flex-col gap-2 rounded border border-slate-200 bg-white p-4 text-sm">
        <p>
          <span className="text-slate-500">Tags: </span>
          {tags.length ? tags.join(', ') : '—'}
        </p>
        {CARD_FIELDS.map((f) => (
          <div key={f.key}>
            <p className="text-slate-500">{f.label}</p>
            <p className="whitespace-pre-wrap">{cardFields[f.key]?.trim() || <span className="text-slate-500">Not written yet.</span>}</p>
          </div>
        ))}
        <div className="whitespace-pre-wrap" data-testid="model-card">
          {card || <span className="text-slate-500">No model card.</span>}
        </div>
      </div>
    );
  }

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const next = String(f.get('tags') ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    setSaved(false);
    update.mutate({ versionId, tags: next, card: String(f.get('card') ?? ''), cardFields: Object.fromEntries(CARD_FIELDS.map((c) => [c.key, String(f.get(c.key) ?? '')])) });
  }

  return (
    <form onSubmit={onSubmit} onChange={() => setSaved(false)} aria-label="Edit tags and model card" className="flex flex-col gap-3 rounded border border-slate-200 bg-white p-4">
      <label className="flex flex-col gap-1 text-sm">
        Tags (comma-separated)
        <input name="tags" defaultValue={tags.join(', ')} className={control} />
      </label>
      {CARD_FIELDS.map((c) => (
        <label key={c.key} className="flex flex-col gap-1 text-sm">
          {c.label}
          <span className="text-xs text-slate-500">{c.hint}</span>
          <textarea name={c.key} rows={3} maxLength={5000} defaultValue={cardFields[c.key] ?? ''} className={`${control} text-sm`} />
        </label>
      ))}
      <label className="flex flex-col gap-1 text-sm">
        Model card notes
        <textarea name="card" rows={6} defaultValue={card} className={`${control} text-sm`} />
      </label>
      {update.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {update.error.message}
        </p>
      )}
      <div className="flex items-center gap-3">
        <button type="submit" disabled={update.isPending} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50">
          Save tags and card
        </button>
        {saved && (
          <span role="status" className="text-sm text-green-700">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}
