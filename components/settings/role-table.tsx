import { PERMISSIONS, ROLE_PERMISSIONS, ROLES, type Permission } from '@/server/auth/permissions';

/** The role → permission table, rendered from the same constant the server enforces. */
export function RoleTable() {
  const perms = Object.keys(PERMISSIONS) as Permission[];
  return (
    <section aria-labelledby="roles-title">
      <h2 id="roles-title" className="mb-3 text-lg font-semibold">
        Roles and permissions
      </h2>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="text-left text-sm">
          <thead className="bg-slate-100">
            <tr>
              <th className="px-3 py-2">Permission</th>
              {ROLES.map((r) => (
                <th key={r} className="px-3 py-2">
                  {r}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {perms.map((p) => (
              <tr key={p} className="border-t border-slate-100">
                <td className="px-3 py-1.5">
                  <span className="font-mono">{p}</span> <span className="text-slate-500">— {PERMISSIONS[p]}</span>
                </td>
                {ROLES.map((r) => (
                  <td key={r} className="px-3 py-1.5 text-center">
                    {ROLE_PERMISSIONS[r].has(p) ? '✓' : <span className="sr-only">no</span>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
