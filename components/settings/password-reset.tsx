'use client';
// Admin: set a new password for a user who lost theirs (audited). Tell them through a channel
// you trust; they can change it again under My account. The choice is the users on the table's
// current page (the list is paged): filter the table to bring another user into it.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/lib/trpc';

export function PasswordReset({ users }: { users: { id: string; email: string }[] }) {
  const trpc = useTRPC();
  const [formKey, setFormKey] = useState(0);
  const [doneFor, setDoneFor] = useState<string | null>(null);
  const reset = useMutation(trpc.users.resetPassword.mutationOptions());
  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const userId = String(f.get('userId'));
    const reason = String(f.get('reason') ?? '').trim();
    reset.mutate(
      { userId, newPassword: String(f.get('newPassword')), reason: reason || undefined },
      {
        onSuccess: () => {
          setDoneFor(users.find((u) => u.id === userId)?.email ?? userId);
          setFormKey((n) => n + 1);
        },
      },
    );
  }
  return (
    <form key={formKey} onSubmit={onSubmit} aria-label="Reset a user's password" className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-4">
      <label className="flex flex-col gap-1 text-sm">
        User (on the table&apos;s page)
        <select name="userId" required className="rounded border border-slate-300 px-2 py-1">
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.email}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm">
        New password
        <input name="newPassword" type="password" required minLength={10} maxLength={200} autoComplete="new-password" className="rounded border border-slate-300 px-2 py-1" />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Reason
        <input name="reason" maxLength={500} placeholder="e.g. forgotten, ticket 123" className="rounded border border-slate-300 px-2 py-1" />
      </label>
      <button type="submit" disabled={reset.isPending} className="rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-50">
        Reset password
      </button>
      {doneFor && <p role="status" className="w-full text-sm text-green-800">Password of {doneFor} reset.</p>}
      {reset.error && (
        <p role="alert" className="w-full text-sm text-red-700">
          {reset.error.message}
        </p>
      )}
    </form>
  );
}
