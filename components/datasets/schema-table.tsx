/** The schema inferred at upload: column, type, nullable, in file order. */
export function SchemaTable({ schema }: { schema: { name: string; type: 'numeric' | 'categorical'; nullable: boolean }[] }) {
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Schema</caption>
        <thead className="bg-slate-100 text-slate-600">
          <tr>
            <th className="px-3 py-2">Column</th>
            <th className="px-3 py-2">Type</th>
            <th className="px-3 py-2">Nullable</th>
          </tr>
        </thead>
        <tbody>
          {schema.map((c) => (
            <tr key={c.name} className="border-t border-slate-100" data-testid={`schema-row-${c.name}`}>
              <td className="px-3 py-2 font-mono">{c.name}</td>
              <td className="px-3 py-2">{c.type}</td>
              <td className="px-3 py-2">{c.nullable ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
