'use client';
// The Promotions area's two views: requests, and per-model policy with its evaluations.
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const TABS = [
  { href: '/promotions', label: 'Requests' },
  { href: '/promotions/policy', label: 'Policy and evaluations' },
];

export function AreaTabs({ model }: { model?: string | null }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Promotions views" className="mb-4 flex gap-1 border-b border-slate-200">
      {TABS.map((t) => {
        const current = pathname === t.href;
        const href = model && t.href.endsWith('policy') ? `${t.href}?model=${encodeURIComponent(model)}` : t.href;
        return (
          <Link key={t.href} href={href} aria-current={current ? 'page' : undefined} className={`-mb-px rounded-t border px-3 py-1.5 text-sm ${current ? 'border-slate-200 border-b-white bg-white font-medium' : 'border-transparent text-slate-600 hover:text-slate-900'}`}>
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
