'use client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';
import { ApiTokens } from './api-tokens';
import { DemoTraffic } from './demo-traffic';
import { MyAccount } from './my-account';
import { PredictionRetention } from './prediction-retention';
import { RoleTable } from './role-table';
import { ServingKeys } from './serving-keys';
import { UsersAdmin } from './users-admin';
import { Webhooks } from './webhooks';

export function SettingsScreen() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  if (!me.data) return null;
  return (
    <div className="flex flex-col gap-8">
      <MyAccount email={me.data.email} />
      {me.data.permissions.includes('user.manage') ? (
        <UsersAdmin />
      ) : (
        <p className="text-slate-600" data-testid="users-admin-denied">
          Only admins manage users and roles. Your role is <strong>{me.data.role}</strong>.
        </p>
      )}
      <ApiTokens />
      {me.data.permissions.includes('apikey.manage') && <ServingKeys />}
      {me.data.permissions.includes('policy.manage') && <Webhooks />}
      <PredictionRetention />
      <DemoTraffic />
      <RoleTable />
    </div>
  );
}
