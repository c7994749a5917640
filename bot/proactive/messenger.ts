import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';
import type { ConversationRecord } from '../../services/conversations/conversationRecord';

/** Posts to and updates messages in a conversation the bot is not currently being spoken to in. */
export interface ProactiveMessenger {
  /** Returns the id of the posted activity, when the channel gives one. */
  send(to: ConversationRecord, activity: Partial<Activity>): Promise<string | undefined>;
  update(to: ConversationRecord, activityId: string, activity: Partial<Activity>): Promise<void>;
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

/** Through the Bot Framework adapter: the connector at the conversation's serviceUrl. */
export class CloudAdapterMessenger implements ProactiveMessenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
  ) {}

  async send(to: ConversationRecord, activity: Partial<Activity>): Promise<string | undefined> {
    let id: string | undefined;
    await this.adapter.continueConversationAsync(this.botAppId, toReference(to), async (turn) => {
      id = (await turn.sendActivity(activity))?.id;
    });
    return id;
  }

  async update(to: ConversationRecord, activityId: string, activity: Partial<Activity>): Promise<void> {
    await this.adapter.continueConversationAsync(this.botAppId, toReference(to), async (turn) => {
      await turn.updateActivity({ ...activity, id: activityId, type: activity.type ?? 'message' });
    });
  }
}
