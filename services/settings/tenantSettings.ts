import { z } from 'zod';
import { ReminderPolicy } from '../reminders/reminderSchedule';

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
  /** When unanswered referrals are reminded of; absent means the default (7, 3 and 1 day before). */
  reminderSchedule: ReminderPolicy.extend({
    setByUserId: z.string().min(1),
    setAt: z.string().datetime({ offset: true }),
  }).optional(),
});
export type TenantSettings = z.infer<typeof TenantSettings>;
