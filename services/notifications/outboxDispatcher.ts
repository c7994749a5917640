import type { Clock } from '../clock';
import type { ConversationRepository } from '../conversations/conversationRepository';
import { ConflictError } from '../errors';
import type { JobLog } from '../jobs/jobLog';
import { awaitsAnswer } from '../opportunities/dueTime';
import type { DeadLetter, Opportunity, OutboxEvent } from '../opportunities/opportunity';
import type { OpportunityRepository } from '../opportunities/opportunityRepository';
import type { Versioned } from '../store/documentStore';
import { DeliveryError } from './deliveryError';
import type { NotificationSender } from './notificationSender';
import { PacerClosedError } from './sendPacer';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retryPolicy';

/** What delivery did, added up over a sweep. */
export interface DeliveryCounts {
  /** Notifications that reached their receiver (Teams or the sender). */
  delivered: number;
  /** Of those, reminders posted in Teams. */
  remindersSent: number;
  /** Failed attempts rescheduled for later. */
  retried: number;
  deadLettered: number;
  /** Notifications no longer worth sending (the referral was answered meanwhile, no sender webhook configured). */
  dropped: number;
  /** Conversations forgotten because Teams answered 403/404 (the bot was removed). */
  conversationsPruned: number;
}

export function emptyDeliveryCounts(): DeliveryCounts {
  return { delivered: 0, remindersSent: 0, retried: 0, deadLettered: 0, dropped: 0, conversationsPruned: 0 };
}

type Outcome =
  | { kind: 'delivered' }
  | { kind: 'dropped'; reason: string }
  | { kind: 'pruned'; reason: string }
  | { kind: 'retry'; event: OutboxEvent; error: string }
  | { kind: 'deadLetter'; reason: string };

export interface OutboxDispatcherDeps {
  opportunities: OpportunityRepository;
  conversations: ConversationRepository;
  sender: NotificationSender;
  clock: Clock;
  log: JobLog;
  policy?: RetryPolicy;
  /** For the jitter; injected so tests are repeatable. */
  random?: () => number;
}

/**
 * Delivers the notifications queued inside an opportunity, one at a time: try, then record the
 * outcome with a conditional replace (remove it, reschedule it with backoff, or dead-letter it)
 * before the next one. A crash between a send and its record repeats that one send on the next
 * run, never skips one: delivery is at-least-once, and each event's id is stable for receivers.
 */
export class OutboxDispatcher {
  private readonly policy: RetryPolicy;
  private readonly random: () => number;

  constructor(private readonly deps: OutboxDispatcherDeps) {
    this.policy = deps.policy ?? DEFAULT_RETRY_POLICY;
    this.random = deps.random ?? Math.random;
  }

  /** Delivers what is due now; `keepGoing` is asked before each one (the sweep may have lost its lease). */
  async deliverDue(tenantId: string, id: string, counts: DeliveryCounts, keepGoing: () => Promise<boolean> = async () => true): Promise<void> {
    const first = await this.deps.opportunities.get(tenantId, id);
    if (!first) return;
    const now = this.deps.clock.now();
    const due = first.value.outbox.filter((e) => new Date(e.nextAttemptAt ?? e.createdAt) <= now).map((e) => e.id);
    for (const eventId of due) {
      if (!(await keepGoing())) return;
      // Read again: the card must be drawn from the current version, and someone may have delivered it.
      const current = await this.deps.opportunities.get(tenantId, id);
      const event = current?.value.outbox.find((e) => e.id === eventId);
      if (!current || !event) continue;
      const outcome = await this.attempt(current, event);
      await this.record(tenantId, id, eventId, outcome);
      this.count(counts, event, outcome);
    }
  }

  private async attempt(current: Versioned<Opportunity>, event: OutboxEvent): Promise<Outcome> {
    if (!stillRelevant(current.value, event)) return { kind: 'dropped', reason: 'no longer relevant' };
    try {
      switch (event.kind) {
        case 'referral-updated':
          return (await this.deps.sender.notifySender(event)) ? { kind: 'delivered' } : { kind: 'dropped', reason: 'no sender webhook configured' };
        case 'teams-notice':
          await this.deps.sender.postNotice(current, event);
          return { kind: 'delivered' };
        case 'teams-announce':
          await this.deps.sender.announce(current, event);
          return { kind: 'delivered' };
        case 'teams-cards':
          await this.deps.sender.refreshCards(current);
          return { kind: 'delivered' };
      }
    } catch (err) {
      // Stopping: nothing was sent; the event stays queued as it is for the next run.
      if (err instanceof PacerClosedError) throw err;
      return this.failure(current.value, event, err);
    }
  }

  private async failure(o: Opportunity, event: OutboxEvent, err: unknown): Promise<Outcome> {
    const failure = err instanceof DeliveryError ? err : new DeliveryError('retry', err instanceof Error ? err.message : String(err));
    const error = `${failure.details.status ?? 'error'}: ${failure.message}`.slice(0, 500);
    if (failure.disposition === 'gone' && event.kind === 'teams-notice') {
      await this.deps.conversations.remove(o.tenantId, event.conversationId);
      return { kind: 'pruned', reason: error };
    }
    if (failure.disposition !== 'retry') return { kind: 'deadLetter', reason: error };
    // Throttling is Teams asking us to slow down, not a failure of this notification: never give up on it.
    const attempts = (event.attempts ?? 0) + (failure.details.throttled ? 0 : 1);
    if (attempts >= this.policy.maxAttempts) return { kind: 'deadLetter', reason: `gave up after ${attempts} attempts; last: ${error}` };
    const delay = retryDelayMs(this.policy, Math.max(attempts, 1), this.random, failure.details.retryAfterMs);
    const nextAttemptAt = new Date(this.deps.clock.now().getTime() + delay).toISOString();
    return { kind: 'retry', event: { ...event, attempts, nextAttemptAt, lastError: error }, error };
  }

  /** Writes the outcome into the opportunity, re-reading on a lost race (the event is found by its id). */
  private async record(tenantId: string, id: string, eventId: string, outcome: Outcome): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.deps.opportunities.get(tenantId, id);
      if (!current) return;
      const o = current.value;
      const event = o.outbox.find((e) => e.id === eventId);
      if (!event) return;
      const others = o.outbox.filter((e) => e.id !== eventId);
      let next: Opportunity;
      if (outcome.kind === 'retry') {
        next = { ...o, outbox: o.outbox.map((e) => (e.id === eventId ? outcome.event : e)) };
      } else if (outcome.kind === 'deadLetter') {
        const letter: DeadLetter = { event, deadLetteredAt: this.deps.clock.now().toISOString(), reason: outcome.reason };
        next = { ...o, outbox: others, deadLetters: [...(o.deadLetters ?? []), letter].slice(-20) };
      } else {
        next = { ...o, outbox: others };
      }
      try {
        await this.deps.opportunities.replace(next, current.etag);
        this.log(o, event, outcome);
        return;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    // Left as it was: the next run tries it again (at-least-once).
    this.deps.log.warn('notification outcome not recorded; it will be retried', { tenantId, opportunityId: id, eventId });
  }

  private log(o: Opportunity, event: OutboxEvent, outcome: Outcome): void {
    const fields = { tenantId: o.tenantId, opportunityId: o.id, eventId: event.id, kind: event.kind };
    switch (outcome.kind) {
      case 'deadLetter':
        this.deps.log.error('notification dead-lettered', { ...fields, reason: outcome.reason });
        return;
      case 'retry':
        this.deps.log.warn('notification delivery failed; will retry', { ...fields, error: outcome.error, attempts: outcome.event.attempts, nextAttemptAt: outcome.event.nextAttemptAt });
        return;
      case 'pruned':
        this.deps.log.info('conversation no longer reachable; forgotten', { ...fields, reason: outcome.reason });
        return;
      case 'dropped':
        this.deps.log.info('notification dropped', { ...fields, reason: outcome.reason });
        return;
      default:
        this.deps.log.info('notification delivered', fields);
    }
  }

  private count(counts: DeliveryCounts, event: OutboxEvent, outcome: Outcome): void {
    if (outcome.kind === 'delivered') {
      counts.delivered++;
      if (event.kind === 'teams-notice' && event.notice === 'reminder') counts.remindersSent++;
    } else if (outcome.kind === 'retry') counts.retried++;
    else if (outcome.kind === 'deadLetter') counts.deadLettered++;
    else if (outcome.kind === 'pruned') counts.conversationsPruned++;
    else counts.dropped++;
  }
}

/** A reminder for a referral answered meanwhile (or whose deadline moved) is not worth sending. */
function stillRelevant(o: Opportunity, e: OutboxEvent): boolean {
  if (e.kind === 'teams-announce') return o.status !== 'Closed';
  if (e.kind !== 'teams-notice') return true;
  switch (e.notice) {
    case 'reminder':
      return awaitsAnswer(o) && (!e.reminderKey || e.reminderKey.endsWith(`@${new Date(o.expirationDateTime!).toISOString()}`));
    case 'expired':
      return o.substatus === 'Expired';
    case 'cosellUnengaged':
      return o.direction === 'Outgoing' && o.type === 'Shared' && o.substatus === 'Accepted';
  }
}
