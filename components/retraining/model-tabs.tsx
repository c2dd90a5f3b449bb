'use client';
// A model's views: its versions and serving, and its retraining policy with every attempt.
import Link from 'next/link';
import { usePathname } from 'next/navigation';

export function ModelTabs({ name }: { name: string }) {
  const pathname = usePathname();
  const base = `/models/${encodeURIComponent(name)}`;
  const tabs = [
    { href: base, label: 'Overview' },
    { href: `${base}/retraining`, label: 'Retraining' },
  ];
  return (
    <nav aria-label="Model views" className="mb-4 flex gap-1 border-b border-slate-200">
      {tabs.map((t) => {
        const current = pathname === t.href;
        return (
          <Link key={t.href} href={t.href} aria-current={current ? 'page' : undefined} className={`-mb-px rounded-t border px-3 py-1.5 text-sm ${current ? 'border-slate-200 border-b-white bg-white font-medium' : 'border-transparent text-slate-600 hover:text-slate-900'}`}>
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
