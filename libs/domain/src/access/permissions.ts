/** R2: the roles a partner user can hold, and what each may do. */
export const ROLES = ['global-admin', 'admin-agent', 'sales-agent', 'billing-admin', 'helpdesk-agent'] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  | 'read'
  | 'create-customer'
  | 'order'
  | 'cancel'
  | 'suspend-reactivate'
  | 'toggle-auto-renew'
  | 'billing'
  | 'operator-tools'
  | 'move-test-clock'
  | 'manage-webhooks'
  | 'read-event-feed'
  | 'analytics-money'
  | 'schedule-changes'
  | 'invoices';

const MATRIX: Record<Permission, readonly Role[]> = {
  read: ROLES,
  'create-customer': ['global-admin', 'admin-agent', 'sales-agent'],
  order: ['global-admin', 'admin-agent', 'sales-agent'],
  cancel: ['global-admin', 'admin-agent', 'sales-agent', 'billing-admin'],
  'suspend-reactivate': ['global-admin', 'admin-agent', 'billing-admin', 'helpdesk-agent'],
  'toggle-auto-renew': ['global-admin', 'admin-agent', 'sales-agent', 'billing-admin'],
  billing: ['global-admin', 'admin-agent', 'billing-admin'],
  'operator-tools': ['global-admin'],
  // The clock is shared by every partner: moving it renews everyone's subscriptions.
  'move-test-clock': ['global-admin'],
  'manage-webhooks': ['global-admin', 'admin-agent'],
  'read-event-feed': ['global-admin', 'admin-agent', 'billing-admin'],
  'analytics-money': ['global-admin', 'admin-agent', 'billing-admin'],
  // R29: changes at renewal (new commerce).
  'schedule-changes': ['global-admin', 'admin-agent', 'sales-agent'],
  invoices: ['global-admin', 'admin-agent', 'billing-admin'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Every permission, in the order of R2's table. */
export const PERMISSIONS = Object.keys(MATRIX) as Permission[];

/** What the given roles together allow (the console shapes its screens with this). */
export function permissionsOf(roles: readonly string[]): Permission[] {
  return PERMISSIONS.filter((permission) => can(roles, permission));
}

/** A user may act when any of its roles grants the permission. */
export function can(roles: readonly string[], permission: Permission): boolean {
  return roles.some((role) => isRole(role) && MATRIX[permission].includes(role));
}
