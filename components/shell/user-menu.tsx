'use client';
import { signOut, useSession } from 'next-auth/react';

export function UserMenu() {
  const { data } = useSession();
  if (!data?.user) return null;
  return (
    <div className="flex items-center gap-3 text-sm">
      <span data-testid="signed-in-as">
        {data.user.email} · <strong>{data.user.role}</strong>
      </span>
      <button type="button" onClick={() => void signOut({ callbackUrl: '/signin' })} className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100">
        Sign out
      </button>
    </div>
  );
}
