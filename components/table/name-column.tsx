'use client';
// The first column of most list screens: the row's name, linking to its page, sortable by name,
// optionally with a muted second line (a description). One definition so every list looks and
// behaves the same.
import Link from 'next/link';
import type { RowData } from '@tanstack/react-table';
import type { DataColumn } from './data-table';

export function NameLink({ href, name, note, testId }: { href: string; name: string; note?: string | null; testId?: string }) {
  return (
    <>
      <Link href={href} className="font-medium text-brand-700 hover:underline" data-testid={testId}>
        {name}
      </Link>
      {note && <div className="text-xs text-slate-500">{note}</div>}
    </>
  );
}

/** `id` is the column's server sort key (required: a wrong one silently sorts by the default). */
export function nameColumn<T extends RowData>(o: { id: string; header: string; href: (row: T) => string; name: (row: T) => string; note?: (row: T) => string | null; testId?: string }): DataColumn<T> {
  return {
    id: o.id,
    sortDescFirst: false,
    header: o.header,
    cell: ({ row }) => <NameLink href={o.href(row.original)} name={o.name(row.original)} note={o.note?.(row.original)} testId={o.testId} />,
  };
}
