import { z } from 'zod';

/** One person's own settings in a partner tenant ("reminders off"). */
export const UserPreferences = z.object({
  /** The person's stable id (Entra object id, else channel id): personOf(turn).userId. */
  id: z.string().min(1).max(200),
  tenantId: z.string().min(1).max(100),
  /** The person asked not to be reminded of unanswered referrals in their personal chat. */
  remindersOff: z.boolean().default(false),
  updatedAt: z.string().datetime({ offset: true }),
});
export type UserPreferences = z.infer<typeof UserPreferences>;
