import type { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { ConversationRecord } from '../../services/conversations/conversationRecord';

/**
 * An activity, or how to make it once the send's turn has come: a card waiting for its turn under
 * Teams' limits (minutes, in a busy chat) is then not drawn early and held in memory meanwhile.
 */
export type ActivitySource = Partial<Activity> | (() => Promise<Partial<Activity>>);

export function activityOf(source: ActivitySource): Promise<Partial<Activity>> {
  return typeof source === 'function' ? source() : Promise.resolve(source);
}

/** Posts to and updates messages in a conversation the bot is not currently being spoken to in. */
export interface ProactiveMessenger {
  /** Returns the id of the posted activity, when the channel gives one. */
  send(to: ConversationRecord, activity: ActivitySource): Promise<string | undefined>;
  update(to: ConversationRecord, activityId: string, activity: ActivitySource): Promise<void>;
}

export function toReference(r: ConversationRecord): Partial<ConversationReference> {
  return {
    channelId: r.channelId,
    serviceUrl: r.serviceUrl,
    bot: { id: r.bot.id, name: r.bot.name ?? '' },
    user: r.user ? { id: r.user.id, name: r.user.name ?? '', aadObjectId: r.user.aadObjectId } : undefined,
    conversation: {
      id: r.conversationId,
      conversationType: r.kind,
      isGroup: r.kind !== 'personal',
      tenantId: r.tenantId,
      name: '',
    },
    locale: r.locale,
  };
}

/**
 * Through the Bot Framework adapter: the connector at the conversation's serviceUrl. A failed send
 * is thrown to the caller (the adapter would otherwise hand it to onTurnError, which only logs it),
 * so callers can retry, and forget conversations the bot was removed from.
 */
export class CloudAdapterMessenger implements ProactiveMessenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
  ) {}

  async send(to: ConversationRecord, source: ActivitySource): Promise<string | undefined> {
    const activity = await activityOf(source);
    let id: string | undefined;
    await this.proactively(to, async (turn) => {
      id = (await turn.sendActivity(activity))?.id;
    });
    return id;
  }

  async update(to: ConversationRecord, activityId: string, source: ActivitySource): Promise<void> {
    const activity = await activityOf(source);
    await this.proactively(to, async (turn) => {
      await turn.updateActivity({ ...activity, id: activityId, type: activity.type ?? 'message' });
    });
  }

  private async proactively(to: ConversationRecord, logic: (turn: TurnContext) => Promise<void>): Promise<void> {
    let failure: { err: unknown } | undefined;
    await this.adapter.continueConversationAsync(this.botAppId, toReference(to), async (turn) => {
      try {
        await logic(turn);
      } catch (err) {
        failure = { err };
      }
    });
    if (failure) throw failure.err;
  }
}
