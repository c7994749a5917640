import { CardFactory, MessageFactory } from 'botbuilder';
import { cosellUnengagedCard } from '../../cards/cosellCards';
import type { AdaptiveCardJson } from '../../cards/cardFactory';
import type { ConversationRepository } from '../../services/conversations/conversationRepository';
import type { PostedCardRepository } from '../../services/conversations/postedCardRepository';
import { Translator } from '../../services/i18n/catalog';
import { DeliveryError } from '../../services/notifications/deliveryError';
import type { AnnounceEvent, NotificationSender, SenderEvent, TeamsNoticeEvent } from '../../services/notifications/notificationSender';
import type { Opportunity } from '../../services/opportunities/opportunity';
import type { Versioned } from '../../services/store/documentStore';
import type { ProactiveMessenger } from '../proactive/messenger';
import type { ReferralCardDrawer } from '../referrals/referralCardDrawer';
import type { ReferralCardPublisher } from '../referrals/referralCardPublisher';
import type { SenderWebhookClient } from '../webhooks/senderWebhookClient';
import { teamsDeliveryError } from './deliveryErrors';

export interface TeamsNotificationSenderDeps {
  conversations: ConversationRepository;
  postedCards: PostedCardRepository;
  /** Paced: waits for its turn under Teams' rate limits. */
  messenger: ProactiveMessenger;
  cards: ReferralCardDrawer;
  publisher: ReferralCardPublisher;
  /** Unset when SENDER_WEBHOOK_URL is not configured. */
  senderWebhook?: SenderWebhookClient;
}

/**
 * The bot's side of the outbox: notices go to Teams as cards (a reminder is the referral's own card
 * with its Accept and Decline buttons, so it can be answered right there), posted cards are
 * updated in place, and senders hear through their webhook. Failures come back as DeliveryErrors.
 */
export class TeamsNotificationSender implements NotificationSender {
  constructor(private readonly deps: TeamsNotificationSenderDeps) {}

  async postNotice(v: Versioned<Opportunity>, event: TeamsNoticeEvent): Promise<void> {
    const { tenantId, id } = v.value;
    const to = await this.deps.conversations.get(tenantId, event.conversationId);
    if (!to) throw new DeliveryError('gone', 'the bot no longer knows this conversation');
    // A retry after a crash between the post and its record: it was posted already.
    if (await this.deps.postedCards.hasEvent(tenantId, id, event.id)) return;
    const tr = new Translator(to.locale);
    const card = await this.cardFor(v, event, tr);
    let activityId: string | undefined;
    try {
      activityId = await this.deps.messenger.send(to, MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    } catch (err) {
      throw teamsDeliveryError(err, Date.now(), true);
    }
    // Remembered like any posted card, so it is updated in place when the deal changes.
    if (activityId) await this.deps.postedCards.record(tenantId, id, { conversationId: to.conversationId, activityId, eventId: event.id });
  }

  async announce(v: Versioned<Opportunity>, _event: AnnounceEvent): Promise<void> {
    const { failures } = await this.deps.publisher.publishNew(v);
    let retry: DeliveryError | undefined;
    for (const { to, err } of failures) {
      const failure = teamsDeliveryError(err, Date.now(), true);
      // The bot was removed from that chat or channel: forget it, like any other send would.
      if (failure.disposition === 'gone') await this.deps.conversations.remove(to.tenantId, to.conversationId);
      else retry ??= failure;
    }
    if (retry) throw retry;
  }

  async refreshCards(v: Versioned<Opportunity>): Promise<void> {
    const failures = (await this.deps.publisher.refreshPosted(v)).map((err) => teamsDeliveryError(err, Date.now(), false));
    // A card that can no longer be reached is not worth retrying; anything else is, all together.
    const retry = failures.find((f) => f.disposition === 'retry');
    if (retry) throw retry;
  }

  async notifySender(event: SenderEvent): Promise<boolean> {
    if (!this.deps.senderWebhook) return false;
    await this.deps.senderWebhook.deliver(event);
    return true;
  }

  private cardFor(v: Versioned<Opportunity>, event: TeamsNoticeEvent, tr: Translator): Promise<AdaptiveCardJson> | AdaptiveCardJson {
    switch (event.notice) {
      case 'reminder':
        return this.deps.cards.draw(v, tr, true, tr.t('reminders.notice.reminder'));
      case 'expired':
        return this.deps.cards.draw(v, tr, true, tr.t('reminders.notice.expired'));
      case 'cosellUnengaged':
        return cosellUnengagedCard(v, tr);
    }
  }
}
