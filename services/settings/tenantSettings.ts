import { z } from 'zod';

/** A partner tenant's settings: one document per tenant. */
export const TenantSettings = z.object({
  id: z.literal('settings'),
  tenantId: z.string().min(1),
  /** The team channel where new referrals are posted; without it they go to the admins. */
  referralsChannel: z
    .object({
      conversationId: z.string().min(1),
      setByUserId: z.string().min(1),
      setAt: z.string().datetime({ offset: true }),
    })
    .optional(),
});
export type TenantSettings = z.infer<typeof TenantSettings>;
