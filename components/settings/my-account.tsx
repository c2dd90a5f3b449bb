'use client';
// "My account": every user changes their own password here (the current one is required); every
// session signed in before the change ends, so the page signs out.
import { useMutation } from '@tanstack/react-query';
import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { useTRPC } from '@/lib/trpc';

export function MyAccount({ email }: { email: string }) {
  const trpc = useTRPC();
  const [formKey, setFormKey] = useState(0);
  const [done, setDone] = useState(false);
  const change = useMutation(
    trpc.me.changePassword.mutationOptions({
      // A password change ends every session signed in before it, this one included.
      onSuccess: () => {
        setDone(true);
        setFormKey((n) => n + 1);
        void signOut({ callbackUrl: '/signin' });
      },
    }),
  );
  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setDone(false);
    change.mutate({ currentPassword: String(f.get('currentPassword')), newPassword: String(f.get('newPassword')) });
  }
  return (
    <section aria-labelledby="my-account-title" className="flex flex-col gap-3">
      <h2 id="my-account-title" className="text-lg font-semibold">
        My account
      </h2>
      <p className="text-sm text-slate-600">
        Signed in as <strong>{email}</strong>.
      </p>
      <form key={formKey} onSubmit={onSubmit} aria-label="Change my password" className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-4">
        <label className="flex flex-col gap-1 text-sm">
          Current password
          <input name="currentPassword" type="password" required autoComplete="current-password" className="rounded border border-slate-300 px-2 py-1" />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          New password (at least 10 characters)
          <input name="newPassword" type="password" required minLength={10} maxLength={200} autoComplete="new-password" className="rounded border border-slate-300 px-2 py-1" />
        </label>
        <button type="submit" disabled={change.isPending} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50">
          Change password
        </button>
      </form>
      {done && (
        <p role="status" className="text-sm text-green-800">
          Password changed. Sign in again with the new one.
        </p>
      )}
      {change.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {change.error.message}
        </p>
      )}
    </section>
  );
}
