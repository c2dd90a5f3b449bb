'use client';
// While demo accounts (published passwords, admin included) are active, every page says so and
// what to do about it: anyone who has read the README can sign in as them.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';

export function DemoAccountsBanner() {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.me.notices.queryOptions(), refetchInterval: 60_000 });
  const demo = q.data?.demoAccounts ?? [];
  if (!demo.length) return null;
  return (
    <div role="status" className="border-b border-amber-300 bg-amber-50 px-6 py-2 text-sm text-amber-950" data-testid="demo-accounts-banner">
      Demo accounts with published passwords are active ({demo.join(', ')}). For anything but a local demo, create your own admin (<code>vigil admin create --email …</code>), then
      deactivate them in Settings → Users, or start with <code>VIGIL_DEMO=0</code>, which deactivates them and revokes the demo serving key.
    </div>
  );
}
