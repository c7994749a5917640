import { z } from 'zod';

/**
 * Partner Center roles that matter to co-sell. MPN partner admins and Referrals admins may manage
 * opportunities; Referral users may view them. MPN partner admins also manage roles and offers.
 */
export const Role = z.enum(['MpnPartnerAdmin', 'ReferralsAdmin', 'ReferralUser']);
export type Role = z.infer<typeof Role>;

export const RoleMember = z.object({
  /** Microsoft Entra object id of the person (Teams `from.aadObjectId`). */
  userId: z.string().min(1),
  name: z.string().optional(),
  roles: z.array(Role),
  grantedAt: z.string(),
  grantedBy: z.string().optional(),
});
export type RoleMember = z.infer<typeof RoleMember>;

/** One document per tenant, so the first-installer rule and grants are one conditional write. */
export const TenantRoles = z.object({
  id: z.literal('roles'),
  tenantId: z.string().min(1),
  members: z.array(RoleMember),
});
export type TenantRoles = z.infer<typeof TenantRoles>;

/** A person's roles among the tenant's members (none when they are not one). */
export function rolesIn(members: ReadonlyArray<RoleMember>, userId: string): Role[] {
  return members.find((m) => m.userId === userId)?.roles ?? [];
}

export function canManageReferrals(roles: ReadonlyArray<Role>): boolean {
  return roles.includes('MpnPartnerAdmin') || roles.includes('ReferralsAdmin');
}

export function isPartnerAdmin(roles: ReadonlyArray<Role>): boolean {
  return roles.includes('MpnPartnerAdmin');
}
