// The screen-reader table behind a histogram: one row per bin with its label and count (the
// drawn chart is aria-hidden, so this is what assistive technology reads).
export function CountsTable({ title, binHeader, rows }: { title: string; binHeader: string; rows: { key: string; label: string; count: number }[] }) {
  return (
    <div className="sr-only">
      <table>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{binHeader}</th>
            <th scope="col">Count</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>{r.label}</td>
              <td>{r.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
