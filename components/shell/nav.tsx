'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { NAV_ITEMS } from '../nav-items';

export function Nav() {
  const path = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-1 p-3">
      {NAV_ITEMS.map((item) => {
        const active = item.href === '/' ? path === '/' : path.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? 'page' : undefined}
            className={`rounded px-3 py-2 text-sm ${active ? 'bg-brand-600 text-white' : 'text-slate-700 hover:bg-slate-200'}`}
          >
            {item.label}
            {!item.built && <span className="sr-only"> (not built yet)</span>}
          </Link>
        );
      })}
    </nav>
  );
}
