// Who may call each REST route under app/api, declared in one place so the permission matrix
// test (tests/integration/permissions.test.ts) can check every route against it; a route file
// or method missing here fails that test. The handlers enforce it through their services'
// requirePermission; this table is the declaration they are checked against.
import type { Permission } from '@/server/auth/permissions';

/** A permission, any signed-in user, or anyone. */
export type Access = Permission | 'signed-in' | 'public';

export const REST_ACCESS: Record<string, Access | 'delegated'> = {
  /** next-auth's own sign-in/sign-out endpoints (CSRF-protected by next-auth). */
  'GET /api/auth/[...nextauth]': 'delegated',
  'POST /api/auth/[...nextauth]': 'delegated',
  /** The tRPC endpoint: each procedure declares its own access (meta). */
  'GET /api/trpc/[trpc]': 'delegated',
  'POST /api/trpc/[trpc]': 'delegated',
  'GET /api/health': 'public',
  'GET /api/batch-scores/[id]/download': 'console.read',
  'POST /api/datasets': 'dataset.write',
  'GET /api/datasets/versions/[id]/download': 'console.read',
  'POST /api/models/[name]/rollback': 'alias.rollback',
  'GET /api/models/[name]/versions/[version]/artifact': 'console.read',
  'GET /api/models/[name]/versions/[version]/card': 'console.read',
  'POST /api/models/[name]/versions': 'model.write',
  'PUT /api/models/[name]/aliases/[alias]': 'alias.move',
  /** Run tracking for training scripts outside Vigil (server/services/runs/external-runs.ts). */
  'POST /api/runs': 'training.run',
  'POST /api/runs/[id]/params': 'training.run',
  'POST /api/runs/[id]/metrics': 'training.run',
  'POST /api/runs/[id]/finish': 'training.run',
};
