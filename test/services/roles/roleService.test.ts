import { ManualClock } from '../../../services/clock';
import { ForbiddenError } from '../../../services/errors';
import { RoleService } from '../../../services/roles/roleService';
import { SqliteStore } from '../../../services/store/sqliteStore';

describe('roles in a partner tenant', () => {
  let store: SqliteStore;
  let roles: RoleService;
  const admin = { userId: 'admin-1', name: 'Ada Admin' };
  const seller = { userId: 'seller-1', name: 'Sam Seller' };

  beforeEach(() => {
    store = new SqliteStore(':memory:');
    roles = new RoleService(store, new ManualClock('2026-11-21T10:00:00Z'));
  });
  afterEach(() => store.close());

  it('makes the first installer the MPN partner admin, and nobody after', async () => {
    expect(await roles.ensureFirstAdmin('t1', admin)).toBe(true);
    expect(await roles.ensureFirstAdmin('t1', seller)).toBe(false);
    expect(await roles.rolesOf('t1', admin.userId)).toEqual(['MpnPartnerAdmin']);
    expect(await roles.rolesOf('t1', seller.userId)).toEqual([]);
  });

  it('gives exactly one first admin when installs race', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => roles.ensureFirstAdmin('t1', { userId: `u${i}` })));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await roles.members('t1')).toHaveLength(1);
  });

  it('lets an admin grant and revoke; refuses others', async () => {
    await roles.ensureFirstAdmin('t1', admin);
    await roles.grant('t1', admin, seller, 'ReferralsAdmin');
    expect(await roles.rolesOf('t1', seller.userId)).toEqual(['ReferralsAdmin']);
    await expect(roles.grant('t1', seller, { userId: 'x' }, 'MpnPartnerAdmin')).rejects.toBeInstanceOf(ForbiddenError);
    await roles.revoke('t1', admin, seller.userId, 'ReferralsAdmin');
    expect(await roles.rolesOf('t1', seller.userId)).toEqual([]);
  });

  it('never removes the last partner admin', async () => {
    await roles.ensureFirstAdmin('t1', admin);
    await expect(roles.revoke('t1', admin, admin.userId, 'MpnPartnerAdmin')).rejects.toBeInstanceOf(ForbiddenError);
    expect(await roles.rolesOf('t1', admin.userId)).toEqual(['MpnPartnerAdmin']);
  });

  it('keeps tenants apart', async () => {
    await roles.ensureFirstAdmin('t1', admin);
    expect(await roles.rolesOf('t2', admin.userId)).toEqual([]);
    await expect(roles.grant('t2', admin, seller, 'ReferralsAdmin')).rejects.toBeInstanceOf(ForbiddenError);
  });
});
