import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { NAV_ITEMS } from '@/components/nav-items';

export default function OverviewPage() {
  return (
    <>
      <PageHeader title="Overview" />
      <p className="mb-6 max-w-3xl text-slate-600">
        Vigil keeps a model honest after it ships: versioned data and models, one feature definition for training and serving, every prediction
        logged with its version, drift and fairness watched, and every change reversible.
      </p>
      <ul className="grid grid-cols-1 gap-3 md:grid-cols-3">
        {NAV_ITEMS.filter((i) => i.href !== '/').map((i) => (
          <li key={i.href} className="rounded border border-slate-200 bg-white p-4">
            <Link href={i.href} className="font-medium text-brand-700 hover:underline">
              {i.label}
            </Link>
            <p className="text-sm text-slate-500">{i.built ? 'Available' : 'Not built yet'}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
