'use client';
// Settings → Users (admins): create users, change roles, deactivate, reset a password. The users
// table pages on the server (?upage=2&uq=ann; prefixed: Settings holds several tables).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { DataTable, type DataColumn } from '@/components/table/data-table';
import { pageQueryProps } from '@/components/table/page-query-props';
import { TextFilter } from '@/components/table/text-filter';
import type { TableUrlConfig } from '@/components/table/url-state';
import { useUrlTableState } from '@/components/table/use-url-table-state';
import { useTRPC } from '@/lib/trpc';
import { PasswordReset } from './password-reset';
import { ROLES, type Role } from '@/server/auth/permissions';
import type { UserDto } from '@/server/services/users/user-dto';
import type { UserSortKey } from '@/server/services/users/list-users';

const CONFIG: TableUrlConfig<UserSortKey> = { sortKeys: ['email', 'name', 'role', 'createdAt', 'lastSignInAt'], defaultSort: 'email', defaultDir: 'asc', defaultPageSize: 25, filterKeys: ['uq'], prefix: 'u' };

export function UsersAdmin() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { state, update } = useUrlTableState(CONFIG);
  const users = useQuery(
    trpc.users.list.queryOptions(
      { offset: state.pageIndex * state.pageSize, limit: state.pageSize, sort: state.sort, dir: state.dir, q: state.filters.uq || undefined },
      { placeholderData: keepPreviousData },
    ),
  );
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const create = useMutation(trpc.users.create.mutationOptions({ onSuccess: invalidate }));
  const changeRole = useMutation(trpc.users.changeRole.mutationOptions({ onSuccess: invalidate }));
  const setActive = useMutation(trpc.users.setActive.mutationOptions({ onSuccess: invalidate }));
  const [formKey, setFormKey] = useState(0);
  const error = create.error ?? changeRole.error ?? setActive.error;

  const columns: DataColumn<UserDto>[] = [
    { id: 'email', sortDescFirst: false, header: 'Email', cell: ({ row }) => row.original.email },
    { id: 'name', sortDescFirst: false, header: 'Name', cell: ({ row }) => row.original.name },
    {
      id: 'role',
      sortDescFirst: false,
      header: 'Role',
      cell: ({ row: { original: u } }) => (
        <>
          <label className="sr-only" htmlFor={`role-${u.id}`}>
            Role of {u.email}
          </label>
          <select id={`role-${u.id}`} value={u.role} onChange={(e) => changeRole.mutate({ userId: u.id, role: e.target.value as Role })} className="rounded border border-slate-300 px-2 py-1">
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </>
      ),
    },
    {
      id: 'status',
      enableSorting: false,
      header: 'Status',
      cell: ({ row: { original: u } }) => (
        <>
          {u.active ? 'active' : 'deactivated'}{' '}
          <button type="button" onClick={() => setActive.mutate({ userId: u.id, active: !u.active })} className="ml-2 rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100">
            {u.active ? `Deactivate ${u.email}` : `Reactivate ${u.email}`}
          </button>
        </>
      ),
    },
    { id: 'lastSignInAt', header: 'Last sign-in', cell: ({ row }) => (row.original.lastSignInAt ? new Date(row.original.lastSignInAt).toLocaleString() : '—') },
  ];

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
      <TextFilter label="Email or name contains" value={state.filters.uq ?? ''} onChange={(uq) => update({ filters: { uq } })} />
      <DataTable
        caption="Users"
        columns={columns}
        {...pageQueryProps(users)}
        state={state}
        onChange={update}
        getRowId={(u) => u.id}
        rowTestId={(u) => `user-row-${u.email}`}
        empty={state.filters.uq ? 'No user matches this filter.' : 'No users yet.'}
      />
      {users.data && <PasswordReset users={users.data.rows} />}
    </section>
  );
}
