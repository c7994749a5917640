import type { Opportunity, OutboxEvent } from '../opportunities/opportunity';
import type { Versioned } from '../store/documentStore';

export type TeamsNoticeEvent = Extract<OutboxEvent, { kind: 'teams-notice' }>;
export type SenderEvent = Extract<OutboxEvent, { kind: 'referral-updated' }>;
export type AnnounceEvent = Extract<OutboxEvent, { kind: 'teams-announce' }>;

/**
 * Where notifications leave the domain. The bot implements it (Teams through the Bot Framework,
 * the sender through its webhook); tests implement it to count and to fail on purpose. Every
 * method throws DeliveryError (or any error, read as "retry") when the notification did not get
 * through, and may be called again for the same event: receivers drop repeats by `event.id`.
 */
export interface NotificationSender {
  /** Posts the notice's card to the one conversation the event names. */
  postNotice(o: Versioned<Opportunity>, event: TeamsNoticeEvent): Promise<void>;
  /**
   * Posts a new referral's card to each of its owners' conversations that does not have it yet
   * (so a retry after a partial failure posts only what is missing).
   */
  announce(o: Versioned<Opportunity>, event: AnnounceEvent): Promise<void>;
  /** Redraws every posted card of the opportunity in place. */
  refreshCards(o: Versioned<Opportunity>): Promise<void>;
  /** Tells the referral's sender; false when no sender webhook is configured (nothing to deliver to). */
  notifySender(event: SenderEvent): Promise<boolean>;
}
