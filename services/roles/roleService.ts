import type { Clock } from '../clock';
import { ConflictError, ForbiddenError } from '../errors';
import { ROLES } from '../store/collections';
import type { Collection, DocumentStore } from '../store/documentStore';
import { isPartnerAdmin, rolesIn, type Role, type RoleMember, type TenantRoles } from './roles';

export interface Person {
  userId: string;
  name?: string;
}

/** Who may do what in a partner tenant. Every change is a conditional write of the tenant's roles. */
export class RoleService {
  private readonly collection: Collection<TenantRoles>;

  constructor(
    store: DocumentStore,
    private readonly clock: Clock,
  ) {
    this.collection = store.collection(ROLES);
  }

  async rolesOf(tenantId: string, userId: string): Promise<Role[]> {
    return rolesIn(await this.members(tenantId), userId);
  }

  async members(tenantId: string): Promise<RoleMember[]> {
    return (await this.collection.get(tenantId, 'roles'))?.value.members ?? [];
  }

  /**
   * The first person to install the bot in a tenant becomes its MPN partner admin. Returns true
   * when this call made them admin; concurrent installs leave exactly one first admin.
   */
  async ensureFirstAdmin(tenantId: string, person: Person): Promise<boolean> {
    if (await this.collection.get(tenantId, 'roles')) return false;
    try {
      await this.collection.create({
        id: 'roles',
        tenantId,
        members: [{ userId: person.userId, name: person.name, roles: ['MpnPartnerAdmin'], grantedAt: this.clock.now().toISOString() }],
      });
      return true;
    } catch (err) {
      if (err instanceof ConflictError) return false;
      throw err;
    }
  }

  grant(tenantId: string, actor: Person, target: Person, role: Role): Promise<RoleMember[]> {
    return this.change(tenantId, actor, (members) => {
      const existing = members.find((m) => m.userId === target.userId);
      if (existing) {
        if (!existing.roles.includes(role)) existing.roles.push(role);
        if (target.name) existing.name = target.name;
        return members;
      }
      const at = this.clock.now().toISOString();
      return [...members, { userId: target.userId, name: target.name, roles: [role], grantedAt: at, grantedBy: actor.userId }];
    });
  }

  revoke(tenantId: string, actor: Person, targetUserId: string, role: Role): Promise<RoleMember[]> {
    return this.change(tenantId, actor, (members) => {
      const next = members
        .map((m) => (m.userId === targetUserId ? { ...m, roles: m.roles.filter((r) => r !== role) } : m))
        .filter((m) => m.roles.length > 0);
      // A tenant must never lose its last partner admin, or nobody could grant roles again.
      if (!next.some((m) => m.roles.includes('MpnPartnerAdmin'))) {
        throw new ForbiddenError('The last MPN partner admin cannot be removed');
      }
      return next;
    });
  }

  private async change(tenantId: string, actor: Person, apply: (members: RoleMember[]) => RoleMember[]): Promise<RoleMember[]> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.collection.get(tenantId, 'roles');
      const members = structuredClone(current?.value.members ?? []);
      const actorRoles = members.find((m) => m.userId === actor.userId)?.roles ?? [];
      if (!isPartnerAdmin(actorRoles)) throw new ForbiddenError('Only an MPN partner admin can change roles');
      const next = apply(members);
      try {
        if (!current) throw new ForbiddenError('Only an MPN partner admin can change roles');
        await this.collection.replace({ id: 'roles', tenantId, members: next }, current.etag);
        return next;
      } catch (err) {
        if (err instanceof ConflictError) continue; // someone else changed roles meanwhile: re-read and re-apply
        throw err;
      }
    }
    throw new ConflictError('Roles are being changed by someone else; try again');
  }
}
