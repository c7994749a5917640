import type { Opportunity, OutboxEvent } from '../opportunities/opportunity';
import type { Versioned } from '../store/documentStore';

export type TeamsNoticeEvent = Extract<OutboxEvent, { kind: 'teams-notice' }>;
export type SenderEvent = Extract<OutboxEvent, { kind: 'referral-updated' }>;
export type AnnounceEvent = Extract<OutboxEvent, { kind: 'teams-announce' }>;

/** What became of one notice of a batch: posted (now, or by an earlier attempt), or the error that stopped it. */
export type NoticeResult = { posted: true } | { posted: false; error: unknown };

/**
 * Where notifications leave the domain. The bot implements it (Teams through the Bot Framework,
 * the sender through its webhook); tests implement it to count and to fail on purpose. Every
 * method throws DeliveryError (or any error, read as "retry") when the notification did not get
 * through, and may be called again for the same event: receivers drop repeats by `event.id`.
 */
export interface NotificationSender {
  /**
   * Posts each notice's card to the one conversation its event names, all of them concurrently
   * (each post still waits for its turn under the rate limits), and answers one result per event,
   * in the order given: a failed notice (a DeliveryError, or any error read as "retry") does not
   * stop the others. Throws only when none of them could be attempted.
   */
  postNotices(o: Versioned<Opportunity>, events: ReadonlyArray<TeamsNoticeEvent>): Promise<NoticeResult[]>;
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
