import { z } from 'zod';
import { pool } from '@/server/db/client';
import { retentionStatus } from '@/server/services/maintenance/prediction-retention';
import { acknowledgeAlert, acknowledgeInput } from '@/server/services/monitoring/acknowledge-alert';
import { silenceAlert, silenceInput } from '@/server/services/monitoring/silence-alert';
import { getHistogram, getMonitorHealth, getReport, getSeries, getSliceColumns, getSlices, listRules, runMonitorNow, saveRule, saveRuleInput, seriesInput, setSliceColumns, windowInput } from '@/server/services/monitoring/queries';
import { listAlerts, listAlertsInput } from '@/server/services/monitoring/list-alerts';
import { redeliver } from '@/server/services/monitoring/webhook-outbox';
import { createWebhook, createWebhookInput, deleteWebhook, listWebhooks, listWebhooksInput } from '@/server/services/monitoring/webhooks';
import { getWebhookAllowPrivate, setWebhookAllowPrivate, setWebhookAllowPrivateInput } from '@/server/services/monitoring/webhook-targets';
import { permissionProcedure, router } from '../trpc';

export const monitoringRouter = router({
  report: permissionProcedure('console.read').input(windowInput).query(({ ctx, input }) => getReport(ctx, input)),
  series: permissionProcedure('console.read').input(seriesInput).query(({ ctx, input }) => getSeries(ctx, input)),
  histogram: permissionProcedure('console.read').input(windowInput.extend({ feature: z.string() })).query(({ ctx, input }) => getHistogram(ctx, input)),
  slices: permissionProcedure('console.read').input(windowInput.extend({ column: z.string() })).query(({ ctx, input }) => getSlices(ctx, input)),
  alerts: permissionProcedure('console.read').input(listAlertsInput).query(({ ctx, input }) => listAlerts(ctx, input)),
  rules: permissionProcedure('console.read').input(z.object({ model: z.string() })).query(({ ctx, input }) => listRules(ctx, input)),
  saveRule: permissionProcedure('policy.manage').input(saveRuleInput).mutation(({ ctx, input }) => saveRule(ctx, input)),
  runNow: permissionProcedure('training.run').mutation(({ ctx }) => runMonitorNow(ctx)),
  retention: permissionProcedure('console.read').query(({ ctx }) => retentionStatus(ctx, pool())),
  health: permissionProcedure('console.read').input(z.object({ model: z.string() })).query(({ ctx, input }) => getMonitorHealth(ctx, input)),
  acknowledge: permissionProcedure('alert.acknowledge').input(acknowledgeInput).mutation(({ ctx, input }) => acknowledgeAlert(ctx, input)),
  silence: permissionProcedure('alert.acknowledge').input(silenceInput).mutation(({ ctx, input }) => silenceAlert(ctx, input)),
  sliceColumns: permissionProcedure('console.read').input(z.object({ model: z.string() })).query(({ ctx, input }) => getSliceColumns(ctx, input)),
  setSliceColumns: permissionProcedure('policy.manage').input(z.object({ model: z.string(), columns: z.array(z.string().min(1).max(100)).max(20) })).mutation(({ ctx, input }) => setSliceColumns(ctx, input)),
});

export const webhooksRouter = router({
  list: permissionProcedure('policy.manage').input(listWebhooksInput).query(({ ctx, input }) => listWebhooks(ctx, input)),
  redeliver: permissionProcedure('policy.manage').input(z.object({ deliveryId: z.number().int().positive() })).mutation(({ ctx, input }) => redeliver(ctx, input)),
  create: permissionProcedure('policy.manage').input(createWebhookInput).mutation(({ ctx, input }) => createWebhook(ctx, input)),
  disable: permissionProcedure('policy.manage').input(z.object({ id: z.string().uuid() })).mutation(({ ctx, input }) => deleteWebhook(ctx, input)),
  allowPrivate: permissionProcedure('policy.manage').query(({ ctx }) => getWebhookAllowPrivate(ctx)),
  setAllowPrivate: permissionProcedure('policy.manage').input(setWebhookAllowPrivateInput).mutation(({ ctx, input }) => setWebhookAllowPrivate(ctx, input)),
});
