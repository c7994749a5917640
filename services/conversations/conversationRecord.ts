import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Where the bot can post without being spoken to: what Bot Framework calls a conversation
 * reference, as a plain record (services/ knows nothing of botbuilder). One per conversation the
 * bot is in, per partner tenant; kept current on install, first message and uninstall.
 */
export const ConversationKind = z.enum(['personal', 'groupChat', 'channel']);
export type ConversationKind = z.infer<typeof ConversationKind>;

export const ConversationRecord = z.object({
  /** A hash of conversationId: Teams ids hold characters that Cosmos ids refuse. */
  id: z.string().min(1),
  tenantId: z.string().min(1).max(100),
  conversationId: z.string().min(1).max(1000),
  kind: ConversationKind,
  channelId: z.string().min(1).max(100),
  serviceUrl: z.string().url(),
  bot: z.object({ id: z.string().min(1), name: z.string().optional() }),
  /** In a personal chat: the person at the other end. */
  user: z.object({ id: z.string().min(1), aadObjectId: z.string().optional(), name: z.string().optional() }).optional(),
  /** The person's stable id (Entra object id, else channel id), to find their personal chat. */
  userKey: z.string().optional(),
  /** The Teams team of a channel. */
  teamId: z.string().optional(),
  locale: z.string().max(20).optional(),
  /** The IANA time zone Teams reported for the person (activity.localTimezone), when known. */
  timeZone: z.string().max(100).optional(),
  updatedAt: z.string().datetime({ offset: true }),
});
export type ConversationRecord = z.infer<typeof ConversationRecord>;

export function conversationRecordId(conversationId: string): string {
  return createHash('sha256').update(conversationId).digest('hex');
}
