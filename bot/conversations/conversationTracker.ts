import type { TurnContext } from 'botbuilder';
import type { Clock } from '../../services/clock';
import type { ConversationKind, ConversationRecord } from '../../services/conversations/conversationRecord';
import type { ConversationRepository } from '../../services/conversations/conversationRepository';
import type { RoleService } from '../../services/roles/roleService';
import { personOf, tenantOf } from '../teamsIdentity';

/**
 * Keeps the conversation records current (install, first message, uninstall) so the bot can post
 * proactively later, and makes sure every tenant has its first MPN partner admin even when no
 * install event arrived (Agents Playground sends none).
 */
export class ConversationTracker {
  /** What was last saved per conversation in this process, to skip writing it on every message. */
  private readonly saved = new Map<string, string>();
  private readonly tenantsWithAdmin = new Set<string>();

  constructor(
    private readonly conversations: ConversationRepository,
    private readonly roles: RoleService,
    private readonly clock: Clock,
  ) {}

  async remember(turn: TurnContext): Promise<void> {
    const record = conversationRecordOf(turn, this.clock.now());
    if (!record) return;
    const signature = JSON.stringify([record.serviceUrl, record.locale, record.user, record.bot]);
    if (this.saved.get(record.conversationId) !== signature) {
      await this.conversations.save(record);
      this.saved.set(record.conversationId, signature);
    }
    if (!this.tenantsWithAdmin.has(record.tenantId)) {
      await this.roles.ensureFirstAdmin(record.tenantId, personOf(turn));
      this.tenantsWithAdmin.add(record.tenantId);
    }
  }

  /** The bot was removed from this conversation: it can no longer post there. */
  async forget(turn: TurnContext): Promise<void> {
    const tenantId = tenantOf(turn);
    if (!tenantId) return;
    const conversationId = conversationIdOf(turn);
    await this.conversations.remove(tenantId, conversationId);
    this.saved.delete(conversationId);
  }
}

/** A channel's thread replies carry ";messageid=…": the channel itself is what we post to. */
export function conversationIdOf(turn: TurnContext): string {
  const channel = (turn.activity.channelData as { channel?: { id?: unknown } } | undefined)?.channel?.id;
  if (typeof channel === 'string' && channel) return channel;
  return turn.activity.conversation.id.split(';')[0] ?? turn.activity.conversation.id;
}

export function conversationRecordOf(turn: TurnContext, now: Date): Omit<ConversationRecord, 'id'> | undefined {
  const a = turn.activity;
  const tenantId = tenantOf(turn);
  if (!tenantId || !a.serviceUrl || !a.recipient?.id) return undefined;
  const type = a.conversation.conversationType;
  const kind: ConversationKind =
    type === 'channel' || type === 'groupChat' || type === 'personal' ? type : a.conversation.isGroup ? 'groupChat' : 'personal';
  const teamId = (a.channelData as { team?: { id?: unknown } } | undefined)?.team?.id;
  const person = kind === 'personal' && a.from?.id ? { id: a.from.id, aadObjectId: a.from.aadObjectId, name: a.from.name } : undefined;
  return {
    tenantId,
    conversationId: conversationIdOf(turn),
    kind,
    channelId: a.channelId,
    serviceUrl: a.serviceUrl,
    bot: { id: a.recipient.id, name: a.recipient.name },
    user: person,
    userKey: person ? personOf(turn).userId : undefined,
    teamId: typeof teamId === 'string' ? teamId : undefined,
    locale: a.locale,
    updatedAt: now.toISOString(),
  };
}
