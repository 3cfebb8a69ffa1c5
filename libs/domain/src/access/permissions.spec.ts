import { can, Permission, PERMISSIONS, permissionsOf, Role, ROLES } from './permissions';

// The table of SPEC.md R2, column by column, so a changed cell fails here.
const table: Record<Permission, Record<Role, boolean>> = {
  read: { 'global-admin': true, 'admin-agent': true, 'sales-agent': true, 'billing-admin': true, 'helpdesk-agent': true },
  'create-customer': { 'global-admin': true, 'admin-agent': true, 'sales-agent': true, 'billing-admin': false, 'helpdesk-agent': false },
  order: { 'global-admin': true, 'admin-agent': true, 'sales-agent': true, 'billing-admin': false, 'helpdesk-agent': false },
  cancel: { 'global-admin': true, 'admin-agent': true, 'sales-agent': true, 'billing-admin': true, 'helpdesk-agent': false },
  'suspend-reactivate': { 'global-admin': true, 'admin-agent': true, 'sales-agent': false, 'billing-admin': true, 'helpdesk-agent': true },
  'toggle-auto-renew': { 'global-admin': true, 'admin-agent': true, 'sales-agent': true, 'billing-admin': true, 'helpdesk-agent': false },
  billing: { 'global-admin': true, 'admin-agent': true, 'sales-agent': false, 'billing-admin': true, 'helpdesk-agent': false },
  'operator-tools': { 'global-admin': true, 'admin-agent': false, 'sales-agent': false, 'billing-admin': false, 'helpdesk-agent': false },
  'move-test-clock': { 'global-admin': true, 'admin-agent': false, 'sales-agent': false, 'billing-admin': false, 'helpdesk-agent': false },
  'manage-webhooks': { 'global-admin': true, 'admin-agent': true, 'sales-agent': false, 'billing-admin': false, 'helpdesk-agent': false },
  'read-event-feed': { 'global-admin': true, 'admin-agent': true, 'sales-agent': false, 'billing-admin': true, 'helpdesk-agent': false },
  'analytics-money': { 'global-admin': true, 'admin-agent': true, 'sales-agent': false, 'billing-admin': true, 'helpdesk-agent': false },
  'schedule-changes': { 'global-admin': true, 'admin-agent': true, 'sales-agent': true, 'billing-admin': false, 'helpdesk-agent': false },
  invoices: { 'global-admin': true, 'admin-agent': true, 'sales-agent': false, 'billing-admin': true, 'helpdesk-agent': false },
};

describe('R2 role permissions', () => {
  for (const [permission, row] of Object.entries(table) as [Permission, Record<Role, boolean>][]) {
    for (const role of ROLES) {
      it(`R2: ${role} ${row[role] ? 'may' : 'may not'} ${permission}`, () => {
        expect(can([role], permission)).toBe(row[role]);
      });
    }
  }

  it('R2: any one granting role is enough, unknown roles grant nothing', () => {
    expect(can(['helpdesk-agent', 'sales-agent'], 'order')).toBe(true);
    expect(can(['root', 'superuser'], 'read')).toBe(false);
    expect(can([], 'read')).toBe(false);
  });
});

describe('R2 permissions of a set of roles (what the console shows)', () => {
  it('R2: a sales-agent may order and cancel but not suspend, read the ledger or manage webhooks', () => {
    const granted = permissionsOf(['sales-agent']);
    expect(granted).toEqual(expect.arrayContaining(['read', 'create-customer', 'order', 'cancel', 'toggle-auto-renew']));
    expect(granted).not.toContain('suspend-reactivate');
    expect(granted).not.toContain('billing');
    expect(granted).not.toContain('manage-webhooks');
  });

  it('R2: roles add up, unknown roles add nothing, and every permission is listed once', () => {
    expect(permissionsOf(['helpdesk-agent', 'sales-agent'])).toEqual(expect.arrayContaining(['suspend-reactivate', 'order']));
    expect(permissionsOf(['root'])).toEqual([]);
    expect(permissionsOf(['global-admin'])).toEqual(PERMISSIONS);
    expect(new Set(PERMISSIONS).size).toBe(Object.keys(table).length);
  });
});
