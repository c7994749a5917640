import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import type { ConversationRecord } from '../../services/conversations/conversationRecord';
import type { ConversationRepository } from '../../services/conversations/conversationRepository';
import type { CardRefreshQueue } from '../../services/notifications/cardRefreshQueue';
import type { PostedCardRepository } from '../../services/conversations/postedCardRepository';
import type { DeliveryError } from '../../services/notifications/deliveryError';
import { PacerClosedError } from '../../services/notifications/sendPacer';
import { Translator } from '../../services/i18n/catalog';
import type { Opportunity } from '../../services/opportunities/opportunity';
import { canManageReferrals } from '../../services/roles/roles';
import type { RoleService } from '../../services/roles/roleService';
import type { TenantSettingsService } from '../../services/settings/tenantSettingsService';
import type { Versioned } from '../../services/store/documentStore';
import type { Logger } from '../logger';
import { teamsDeliveryError } from '../notifications/deliveryErrors';
import type { ProactiveMessenger } from '../proactive/messenger';
import type { ReferralCardDrawer } from './referralCardDrawer';

export interface ReferralCardPublisherDeps {
  conversations: ConversationRepository;
  settings: TenantSettingsService;
  roles: RoleService;
  postedCards: PostedCardRepository;
  messenger: ProactiveMessenger;
  cards: ReferralCardDrawer;
  /** Where a redraw that did not get through goes, for the sweeper to retry. */
  refreshQueue: CardRefreshQueue;
  logger: Logger;
}

/**
 * Posts a new referral's card where the partner wants it (its referrals channel, else each
 * admin's personal chat), remembers every posted card, and updates them in place later.
 */
export class ReferralCardPublisher {
  constructor(private readonly deps: ReferralCardPublisherDeps) {}

  /**
   * Posts the card to every target that does not have it yet, so a retry after a partial failure
   * posts only what is missing. Returns how many received it now, and the failures (also logged).
   */
  async publishNew(v: Versioned<Opportunity>): Promise<{ posted: number; failures: Array<{ to: ConversationRecord; err: unknown }> }> {
    const { tenantId, id } = v.value;
    const targets = await this.targets(tenantId);
    if (targets.length === 0) this.deps.logger.warn('new referral: nowhere to post it yet', { tenantId, referralId: id });
    const already = new Set((await this.deps.postedCards.list(tenantId, id)).map((c) => c.conversationId));
    let posted = 0;
    const failures: Array<{ to: ConversationRecord; err: unknown }> = [];
    for (const target of targets.filter((t) => !already.has(t.conversationId))) {
      try {
        const activityId = await this.deps.messenger.send(target, () => this.cardActivity(v, target));
        if (activityId) await this.deps.postedCards.record(tenantId, id, { conversationId: target.conversationId, activityId });
        posted++;
      } catch (err) {
        if (err instanceof PacerClosedError) throw err; // stopping: the rest stays queued
        // One unreachable chat must not keep the card from the others.
        this.deps.logger.error('could not post a referral card', { tenantId, referralId: id, conversationId: target.conversationId, err });
        failures.push({ to: target, err });
      }
    }
    return { posted, failures };
  }

  /** Redraws every posted card of the referral from its current version; returns the failures (also logged). */
  async refreshPosted(v: Versioned<Opportunity>): Promise<unknown[]> {
    const { tenantId, id } = v.value;
    const failures: unknown[] = [];
    for (const posted of await this.deps.postedCards.list(tenantId, id)) {
      const where = await this.deps.conversations.get(tenantId, posted.conversationId);
      if (!where) continue;
      try {
        await this.deps.messenger.update(where, posted.activityId, () => this.cardActivity(v, where));
      } catch (err) {
        if (err instanceof PacerClosedError) return [...failures, err]; // stopping
        this.deps.logger.warn('could not update a posted referral card', { tenantId, referralId: id, conversationId: posted.conversationId, err });
        failures.push(err);
      }
    }
    return failures;
  }

  /**
   * Redraws every posted card of the referral; returns a failure worth trying again (Teams' limits,
   * a failed call, the bot stopping), if any. A card that can no longer be reached (deleted, the
   * bot removed) is not one.
   */
  async redraw(v: Versioned<Opportunity>): Promise<DeliveryError | undefined> {
    const failures = (await this.refreshPosted(v)).map((err) => teamsDeliveryError(err, Date.now(), false));
    return failures.find((f) => f.disposition === 'retry');
  }

  /**
   * After people changed the referral (a click, its sender's update): redraws the posted cards now
   * and, when any could not be redrawn for a passing reason (Teams' limits, a failed call, the bot
   * stopping), queues a redraw for the sweeper instead of leaving that card behind.
   */
  async refreshAfterChange(v: Versioned<Opportunity>): Promise<void> {
    if (!(await this.redraw(v))) return;
    const { tenantId, id } = v.value;
    if (await this.deps.refreshQueue.queue(tenantId, id)) this.deps.logger.info('posted referral cards left to the sweeper', { tenantId, referralId: id });
    else this.deps.logger.warn('could not queue a redraw of posted referral cards', { tenantId, referralId: id });
  }

  /** The card everybody sees, in the conversation's language; drawn when its send's turn has come. */
  private async cardActivity(v: Versioned<Opportunity>, where: ConversationRecord): Promise<Partial<Activity>> {
    const card = await this.deps.cards.base(v, new Translator(where.locale));
    return MessageFactory.attachment(CardFactory.adaptiveCard(card));
  }

  /** The referrals channel when one is set (and the bot is still there), else the admins' chats. */
  private async targets(tenantId: string): Promise<ConversationRecord[]> {
    const channel = (await this.deps.settings.get(tenantId)).referralsChannel;
    if (channel) {
      const record = await this.deps.conversations.get(tenantId, channel.conversationId);
      if (record) return [record];
    }
    const admins = (await this.deps.roles.members(tenantId)).filter((m) => canManageReferrals(m.roles));
    const chats = await Promise.all(admins.map((m) => this.deps.conversations.personalChatOf(tenantId, m.userId)));
    return chats.filter((c): c is ConversationRecord => c !== undefined);
  }
}
