'use client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';
import type { Permission } from '@/server/auth/permissions';

/** Whether the signed-in user holds `permission` (undefined while loading). The server checks anyway. */
export function useCan(permission: Permission): boolean | undefined {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  return me.data ? (me.data.permissions as string[]).includes(permission) : undefined;
}
