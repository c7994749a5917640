import { ForbiddenError } from '../errors';
import type { RoleService } from '../roles/roleService';
import { isPartnerAdmin } from '../roles/roles';

/** Offers, contacts, documents and organisation facts are changed by MPN partner admins only. */
export class OfferAccess {
  constructor(private readonly roles: RoleService) {}

  async canManage(tenantId: string, userId: string): Promise<boolean> {
    return isPartnerAdmin(await this.roles.rolesOf(tenantId, userId));
  }

  async assertCanManage(tenantId: string, userId: string): Promise<void> {
    if (!(await this.canManage(tenantId, userId))) throw new ForbiddenError('Only an MPN partner admin can change co-sell offers');
  }
}
