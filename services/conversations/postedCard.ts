import { z } from 'zod';

/**
 * Where each opportunity's card was posted, so it can be updated in place when the deal changes.
 * Kept apart from the opportunity on purpose: recording a post must not change the opportunity's
 * ETag, or every card would be stale the moment it was posted.
 */
export const PostedCard = z.object({
  conversationId: z.string().min(1),
  activityId: z.string().min(1),
  postedAt: z.string().datetime({ offset: true }),
  /** The outbox event this post delivered (a reminder, a notice), so a retried delivery is not posted twice. */
  eventId: z.string().max(300).optional(),
});
export type PostedCard = z.infer<typeof PostedCard>;

export const PostedCards = z.object({
  /** The opportunity's id. */
  id: z.string().min(1),
  tenantId: z.string().min(1),
  cards: z.array(PostedCard),
});
export type PostedCards = z.infer<typeof PostedCards>;
