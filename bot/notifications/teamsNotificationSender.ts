import { CardFactory, MessageFactory } from 'botbuilder';
import { cosellUnengagedCard } from '../../cards/cosellCards';
import type { AdaptiveCardJson } from '../../cards/cardFactory';
import type { ConversationRepository } from '../../services/conversations/conversationRepository';
import type { ConversationRecord } from '../../services/conversations/conversationRecord';
import type { NewPostedCard, PostedCardRepository } from '../../services/conversations/postedCardRepository';
import { resolveLocale, Translator } from '../../services/i18n/catalog';
import { DeliveryError } from '../../services/notifications/deliveryError';
import type { AnnounceEvent, NoticeResult, NotificationSender, SenderEvent, TeamsNoticeEvent } from '../../services/notifications/notificationSender';
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

  /**
   * Posts a batch of notices of one opportunity: reads its posted cards once (a notice found there
   * was posted before a crash kept it from being recorded: not posted again), draws each kind of
   * card once per language, then starts every send in the batch's order (each waits for its turn
   * under Teams' limits, reserved in that order) and records every card posted with one write, so
   * they are updated in place when the deal changes.
   */
  async postNotices(v: Versioned<Opportunity>, events: ReadonlyArray<TeamsNoticeEvent>): Promise<NoticeResult[]> {
    const { tenantId, id } = v.value;
    const alreadyPosted = new Set((await this.deps.postedCards.list(tenantId, id)).map((c) => c.eventId));
    const cards = new Map<string, Promise<AdaptiveCardJson>>();
    const cardFor = (event: TeamsNoticeEvent, locale: string): Promise<AdaptiveCardJson> => {
      const key = `${event.notice}\n${locale}`;
      let card = cards.get(key);
      if (!card) {
        card = Promise.resolve().then(() => this.cardFor(v, event, new Translator(locale)));
        cards.set(key, card);
      }
      return card;
    };
    // Everything a send needs, before any send starts.
    const prepared = await Promise.all(
      events.map(async (event): Promise<{ to: ConversationRecord; card: AdaptiveCardJson } | NoticeResult> => {
        if (alreadyPosted.has(event.id)) return { posted: true };
        try {
          const to = await this.deps.conversations.get(tenantId, event.conversationId);
          if (!to) throw new DeliveryError('gone', 'the bot no longer knows this conversation');
          return { to, card: await cardFor(event, resolveLocale(to.locale)) };
        } catch (error) {
          return { posted: false, error };
        }
      }),
    );
    const posts = await Promise.all(
      prepared.map(async (p, i): Promise<{ result: NoticeResult; card?: NewPostedCard }> => {
        if ('posted' in p) return { result: p };
        try {
          const activityId = await this.deps.messenger.send(p.to, MessageFactory.attachment(CardFactory.adaptiveCard(p.card)));
          return { result: { posted: true }, card: activityId ? { conversationId: p.to.conversationId, activityId, eventId: events[i]!.id } : undefined };
        } catch (err) {
          return { result: { posted: false, error: teamsDeliveryError(err, Date.now(), true) } };
        }
      }),
    );
    const posted = posts.flatMap((p) => (p.card ? [p.card] : []));
    try {
      if (posted.length > 0) await this.deps.postedCards.recordMany(tenantId, id, posted);
    } catch (error) {
      // Not remembered as posted: reported as failed, so they are tried again (at-least-once).
      return posts.map((p) => (p.card ? { posted: false, error } : p.result));
    }
    return posts.map((p) => p.result);
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
    // A card that can no longer be reached is not worth retrying; anything else is, all together.
    const retry = await this.deps.publisher.redraw(v);
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
