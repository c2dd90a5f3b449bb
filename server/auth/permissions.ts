// The one table that maps roles to permissions (PRODUCT.md, "Users and roles"). Services check
// a permission, never a role name, so a role's reach changes here and only here.
export const ROLES = ['viewer', 'engineer', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  'console.read': 'read everything in the console',
  'dataset.write': 'upload datasets and feature specs',
  'training.run': 'start, cancel and retry training and other jobs',
  'model.write': 'register model versions, edit tags and model cards',
  'promotion.request': 'request promotion of a model version',
  'alias.rollback': 'roll back an alias to its previous version',
  'alert.acknowledge': 'acknowledge and silence alerts',
  'alias.move': 'move an unprotected alias (e.g. shadow) directly',
  'alias.break_glass': 'move a protected alias directly in an emergency, with a written reason (alerted)',
  'promotion.approve': 'approve or reject a promotion requested by someone else',
  'user.manage': 'create users, change roles, deactivate users',
  'apikey.manage': 'create and revoke API keys',
  'policy.manage': 'change gates, alert rules, retraining policies',
  'retrain.propose': 'propose a retraining policy and trigger retrains of enabled policies',
  'retrain.enable': 'enable or disable a proposed retraining policy',
  'audit.read': 'read the audit log',
} as const;
export type Permission = keyof typeof PERMISSIONS;

const viewer: Permission[] = ['console.read', 'audit.read'];
const engineer: Permission[] = [...viewer, 'dataset.write', 'training.run', 'model.write', 'promotion.request', 'alias.rollback', 'alias.move', 'alert.acknowledge', 'retrain.propose'];
const approver: Permission[] = [...engineer, 'promotion.approve', 'retrain.enable'];
const admin: Permission[] = Object.keys(PERMISSIONS) as Permission[];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set(viewer),
  engineer: new Set(engineer),
  approver: new Set(approver),
  admin: new Set(admin),
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
