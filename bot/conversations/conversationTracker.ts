import type { TurnContext } from 'botbuilder';
import type { Clock } from '../../services/clock';
import type { ConversationKind, ConversationRecord } from '../../services/conversations/conversationRecord';
import type { ConversationRepository } from '../../services/conversations/conversationRepository';
import { isValidTimeZone } from '../../services/reminders/timeZones';
import type { RoleService } from '../../services/roles/roleService';
import { personOf, tenantOf } from '../teamsIdentity';

/** A saved record is written again after this long even if unchanged (another instance may have pruned it). */
const RESAVE_AFTER_MS = 60 * 60 * 1000;

/**
 * Keeps the conversation records current (install, first message, team restored; removed on
 * uninstall, team or channel deleted) so the bot can post proactively later, and makes sure every
 * tenant has its first MPN partner admin even when no install event arrived (Agents Playground
 * sends none).
 */
export class ConversationTracker {
  /** What was last saved per conversation in this process, and when, to skip writing it on every message. */
  private readonly saved = new Map<string, { signature: string; at: number }>();
  private readonly tenantsWithAdmin = new Set<string>();

  constructor(
    private readonly conversations: ConversationRepository,
    private readonly roles: RoleService,
    private readonly clock: Clock,
  ) {}

  /** `force`: an install or restore, which must be written even if this process saw it before. */
  async remember(turn: TurnContext, force = false): Promise<void> {
    const now = this.clock.now();
    const record = conversationRecordOf(turn, now);
    if (!record) return;
    const signature = JSON.stringify([record.serviceUrl, record.locale, record.user, record.bot, record.timeZone]);
    const last = this.saved.get(record.conversationId);
    if (force || last?.signature !== signature || now.getTime() - last.at > RESAVE_AFTER_MS) {
      await this.conversations.save(record);
      this.saved.set(record.conversationId, { signature, at: now.getTime() });
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

  /** A channel was deleted: the bot can no longer post there. */
  async forgetChannel(turn: TurnContext, channelId: string): Promise<void> {
    const tenantId = tenantOf(turn);
    if (!tenantId) return;
    await this.conversations.remove(tenantId, channelId);
    this.saved.delete(channelId);
  }

  /** A team was deleted: none of its channels can be posted to. */
  async forgetTeam(turn: TurnContext, teamId: string): Promise<void> {
    const tenantId = tenantOf(turn);
    if (!tenantId) return;
    await this.conversations.removeTeam(tenantId, teamId);
    this.saved.clear();
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
    // Teams sends the person's time zone on their messages: it places the last-morning reminder.
    timeZone: a.localTimezone && isValidTimeZone(a.localTimezone) ? a.localTimezone : undefined,
    updatedAt: now.toISOString(),
  };
}
