// The demo's sign-ins, one per role. Printed by `npm run up`; for a local demo only.
import type { Role } from '@/server/auth/permissions';

export const DEMO_USERS: { email: string; name: string; role: Role; password: string }[] = [
  { email: 'admin@vigil.local', name: 'Ada Admin', role: 'admin', password: 'vigil-admin-demo' },
  { email: 'approver@vigil.local', name: 'Arun Approver', role: 'approver', password: 'vigil-approver-demo' },
  { email: 'engineer@vigil.local', name: 'Erin Engineer', role: 'engineer', password: 'vigil-engineer-demo' },
  { email: 'viewer@vigil.local', name: 'Vic Viewer', role: 'viewer', password: 'vigil-viewer-demo' },
];
