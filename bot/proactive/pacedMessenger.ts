import type { ConversationRecord } from '../../services/conversations/conversationRecord';
import type { SendPacer } from '../../services/notifications/sendPacer';
import { activityOf, type ActivitySource, type ProactiveMessenger } from './messenger';

/** Every proactive post and update waits for its turn under Teams' rate limits; a lazy card is drawn then. */
export class PacedMessenger implements ProactiveMessenger {
  constructor(
    private readonly inner: ProactiveMessenger,
    private readonly pacer: SendPacer,
  ) {}

  async send(to: ConversationRecord, activity: ActivitySource): Promise<string | undefined> {
    await this.pacer.waitTurn(to.tenantId, to.conversationId);
    return this.inner.send(to, await activityOf(activity));
  }

  async update(to: ConversationRecord, activityId: string, activity: ActivitySource): Promise<void> {
    await this.pacer.waitTurn(to.tenantId, to.conversationId);
    return this.inner.update(to, activityId, await activityOf(activity));
  }
}
