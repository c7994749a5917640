import type { Activity } from 'botbuilder';
import type { ConversationRecord } from '../../services/conversations/conversationRecord';
import type { SendPacer } from '../../services/notifications/sendPacer';
import type { ProactiveMessenger } from './messenger';

/** Every proactive post and update waits for its turn under Teams' rate limits. */
export class PacedMessenger implements ProactiveMessenger {
  constructor(
    private readonly inner: ProactiveMessenger,
    private readonly pacer: SendPacer,
  ) {}

  async send(to: ConversationRecord, activity: Partial<Activity>): Promise<string | undefined> {
    await this.pacer.waitTurn(to.tenantId, to.conversationId);
    return this.inner.send(to, activity);
  }

  async update(to: ConversationRecord, activityId: string, activity: Partial<Activity>): Promise<void> {
    await this.pacer.waitTurn(to.tenantId, to.conversationId);
    return this.inner.update(to, activityId, activity);
  }
}
