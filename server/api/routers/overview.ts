import { fleetOverview } from '@/server/services/overview/fleet-overview';
import { permissionProcedure, router } from '../trpc';

export const overviewRouter = router({
  fleet: permissionProcedure('console.read').query(({ ctx }) => fleetOverview(ctx)),
});
