'use client';
// Client-side tRPC: typed hooks over React Query. Only the router's *type* is imported.
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@/server/api/root';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();
