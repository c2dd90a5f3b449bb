import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { actorForUserId } from '@/server/api/context';
import { authOptions } from '@/server/auth/options';
import { db } from '@/server/db/client';
import { Providers } from '@/components/providers';
import { AlertBanner } from '@/components/shell/alert-banner';
import { DemoAccountsBanner } from '@/components/shell/demo-accounts-banner';
import { Nav } from '@/components/shell/nav';
import { SearchBox } from '@/components/search/search-box';
import { UserMenu } from '@/components/shell/user-menu';

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const session = await getServerSession(authOptions());
  if (!session?.user) redirect('/signin');
  // The cookie alone is not enough: a deactivated user, or a session from before a password
  // change, is refused by every API call, so it must not see the console's shell either.
  if (!(await actorForUserId(db(), session.user.id, session.issuedAt))) redirect('/signin?session=ended');
  return (
    <Providers>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        Skip to content
      </a>
      <div className="flex min-h-screen">
        <aside className="w-52 shrink-0 border-r border-slate-200 bg-white">
          <div className="px-6 py-4 text-xl font-bold text-brand-700">Vigil</div>
          <Nav />
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="flex items-center justify-between gap-4 border-b border-slate-200 bg-white px-6 py-3">
            <SearchBox />
            <UserMenu />
          </header>
          <DemoAccountsBanner />
          <AlertBanner />
          <main id="main" className="flex-1 p-6">
            {children}
          </main>
        </div>
      </div>
    </Providers>
  );
}
