// Output types of the monitoring procedures, for the monitoring screens (types only).
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';

type Monitoring = inferRouterOutputs<AppRouter>['monitoring'];
export type MonitoringReport = NonNullable<Monitoring['report']>;
export type FeatureWindowRow = MonitoringReport['features'][number];
export type MonitoringSeries = Monitoring['series'];
export type FeatureHistogram = Monitoring['histogram'];
export type SliceReport = Monitoring['slices'];
export type AlertRow = Monitoring['alerts']['rows'][number];
export type AlertRuleRow = Monitoring['rules'][number];
