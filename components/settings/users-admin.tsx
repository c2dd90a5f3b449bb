'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import { PasswordReset } from './password-reset';
import { ROLES, type Role } from '@/server/auth/permissions';

export function UsersAdmin() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const create = useMutation(trpc.users.create.mutationOptions({ onSuccess: invalidate }));
  const changeRole = useMutation(trpc.users.changeRole.mutationOptions({ onSuccess: invalidate }));
  const setActive = useMutation(trpc.users.setActive.mutationOptions({ onSuccess: invalidate }));
  const [formKey, setFormKey] = useState(0);
  const error = create.error ?? changeRole.error ?? setActive.error;

  function onCreate(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate(
      { email: String(f.get('email')), name: String(f.get('name')), password: String(f.get('password')), role: String(f.get('role')) as Role },
      { onSuccess: () => setFormKey((k) => k + 1) },
    );
  }

  return (
    <section aria-labelledby="users-title" className="flex flex-col gap-4">
      <h2 id="users-title" className="text-lg font-semibold">
        Users
      </h2>
      <form key={formKey} onSubmit={onCreate} aria-label="Create user" className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-4">
        <label className="flex flex-col gap-1 text-sm">
          Email
          <input name="email" type="email" required className="rounded border border-slate-300 px-2 py-1" />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Name
          <input name="name" required className="rounded border border-slate-300 px-2 py-1" />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Initial password
          <input name="password" type="password" required minLength={10} className="rounded border border-slate-300 px-2 py-1" />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Role
          <select name="role" defaultValue="viewer" className="rounded border border-slate-300 px-2 py-1">
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={create.isPending} className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">
          Create user
        </button>
      </form>
      {error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {error.message}
        </p>
      )}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-100">
            <tr>
              <th className="px-3 py-2">Email</th>
              <th className="px-3 py-2">Name</th>
              <th className="px-3 py-2">Role</th>
              <th className="px-3 py-2">Status</th>
              <th className="px-3 py-2">Last sign-in</th>
            </tr>
          </thead>
          <tbody>
            {users.data?.map((u) => (
              <tr key={u.id} className="border-t border-slate-100" data-testid={`user-row-${u.email}`}>
                <td className="px-3 py-2">{u.email}</td>
                <td className="px-3 py-2">{u.name}</td>
                <td className="px-3 py-2">
                  <label className="sr-only" htmlFor={`role-${u.id}`}>
                    Role of {u.email}
                  </label>
                  <select
                    id={`role-${u.id}`}
                    value={u.role}
                    onChange={(e) => changeRole.mutate({ userId: u.id, role: e.target.value as Role })}
                    className="rounded border border-slate-300 px-2 py-1"
                  >
                    {ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td className="px-3 py-2">
                  {u.active ? 'active' : 'deactivated'}{' '}
                  <button
                    type="button"
                    onClick={() => setActive.mutate({ userId: u.id, active: !u.active })}
                    className="ml-2 rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100"
                  >
                    {u.active ? `Deactivate ${u.email}` : `Reactivate ${u.email}`}
                  </button>
                </td>
                <td className="px-3 py-2">{u.lastSignInAt ? new Date(u.lastSignInAt).toLocaleString() : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {users.data && <PasswordReset users={users.data} />}
    </section>
  );
}
