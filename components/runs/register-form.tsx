'use client';
// Registers a succeeded run's artifact as the next version of a model, then opens that version.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTRPC } from '@/lib/trpc';

const control = 'rounded border border-slate-300 px-2 py-1';

export function RegisterForm({ runId, defaultModel }: { runId: string; defaultModel: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const register = useMutation(
    trpc.models.registerFromRun.mutationOptions({ onSuccess: (r) => router.push(`/models/${encodeURIComponent(r.model.name)}/versions/${r.version.version}`) }),
  );

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const tags = String(f.get('tags') ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    register.mutate({ runId, model: String(f.get('model') ?? ''), tags, card: String(f.get('card') ?? '') });
  }

  return (
    <form onSubmit={onSubmit} aria-label="Register model" className="flex flex-col gap-3 rounded border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-start gap-3">
        <div className="flex flex-col gap-1 text-sm">
          <label htmlFor="register-model">Model name</label>
          <input id="register-model" name="model" required defaultValue={defaultModel} aria-describedby="model-name-hint" className={control} />
          <span id="model-name-hint" className="text-xs text-slate-500">
            lowercase letters, digits, dot, dash, underscore
          </span>
        </div>
        <label className="flex flex-col gap-1 text-sm">
          Tags (comma-separated)
          <input name="tags" className={control} />
        </label>
      </div>
      <label className="flex flex-col gap-1 text-sm">
        Model card
        <textarea name="card" rows={3} className={`${control} text-sm`} placeholder="What the model is for, its data, known limits." />
      </label>
      {register.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {register.error.message}
        </p>
      )}
      <div>
        <button type="submit" disabled={register.isPending} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50">
          Register model version
        </button>
      </div>
    </form>
  );
}
