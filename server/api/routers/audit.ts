import { listAudit, listAuditInput } from '@/server/services/audit/list-audit';
import { permissionProcedure, router } from '../trpc';

export const auditRouter = router({
  list: permissionProcedure('audit.read').input(listAuditInput).query(({ ctx, input }) => listAudit(ctx, input)),
});
