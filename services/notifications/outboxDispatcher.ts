import type { Clock } from '../clock';
import type { ConversationRepository } from '../conversations/conversationRepository';
import { ConflictError } from '../errors';
import type { JobLog } from '../jobs/jobLog';
import { awaitsAnswer } from '../opportunities/dueTime';
import type { DeadLetter, Opportunity, OutboxEvent } from '../opportunities/opportunity';
import type { OpportunityRepository } from '../opportunities/opportunityRepository';
import type { Versioned } from '../store/documentStore';
import { DeliveryError } from './deliveryError';
import type { NoticeResult, NotificationSender, TeamsNoticeEvent } from './notificationSender';
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

type OtherEvent = Exclude<OutboxEvent, TeamsNoticeEvent>;

interface Attempted {
  event: OutboxEvent;
  outcome: Outcome;
}

/** Not sent because the process is stopping: left in the outbox untouched. */
const STOPPED = Symbol('stopped');
interface Unsent {
  event: OutboxEvent;
  outcome: typeof STOPPED;
}

/**
 * Teams notices of one opportunity delivered together by default: Teams' per-tenant limit per
 * second, so a batch keeps the tenant's window full. It must stay within the posted cards kept per
 * opportunity (100), which is how a repeated batch finds what it had already posted.
 */
export const DEFAULT_NOTICE_BATCH = 50;

export interface OutboxDispatcherDeps {
  opportunities: OpportunityRepository;
  conversations: ConversationRepository;
  sender: NotificationSender;
  clock: Clock;
  log: JobLog;
  policy?: RetryPolicy;
  /** For the jitter; injected so tests are repeatable. */
  random?: () => number;
  /** Teams notices sent together, then recorded with one write (DEFAULT_NOTICE_BATCH). */
  noticeBatch?: number;
}

/**
 * Delivers the notifications queued inside an opportunity, in order, in batches: up to
 * `noticeBatch` Teams notices that follow each other in the outbox go out together (concurrently,
 * each waiting for its turn under Teams' rate limits), any other kind of event one at a time.
 * Each batch is attempted against one read of the opportunity, then all its outcomes are recorded
 * with ONE conditional replace (removed, rescheduled with backoff, or dead-lettered; re-read and
 * re-applied by event id when someone else wrote meanwhile) before the next batch. A crash between
 * the sends and that write repeats at most that batch on the next run, with the same event ids,
 * never skips one: delivery is at-least-once, and each event's id is stable for receivers (Teams
 * notices already posted are also found in the posted cards and not posted again).
 */
export class OutboxDispatcher {
  private readonly policy: RetryPolicy;
  private readonly random: () => number;
  private readonly noticeBatch: number;

  constructor(private readonly deps: OutboxDispatcherDeps) {
    this.policy = deps.policy ?? DEFAULT_RETRY_POLICY;
    this.random = deps.random ?? Math.random;
    this.noticeBatch = Math.max(1, Math.floor(deps.noticeBatch ?? DEFAULT_NOTICE_BATCH));
  }

  /** Delivers what is due now; `keepGoing` is asked before each batch (the sweep may have lost its lease). */
  async deliverDue(tenantId: string, id: string, counts: DeliveryCounts, keepGoing: () => Promise<boolean> = async () => true): Promise<void> {
    let current = await this.deps.opportunities.get(tenantId, id);
    if (!current) return;
    const now = this.deps.clock.now();
    const due = current.value.outbox.filter((e) => new Date(e.nextAttemptAt ?? e.createdAt) <= now).map((e) => e.id);
    let next = 0;
    while (next < due.length) {
      if (!(await keepGoing())) return;
      // Read again (except right after the first read): cards are drawn from the current version,
      // and someone may have delivered some of these meanwhile.
      if (next > 0) current = await this.deps.opportunities.get(tenantId, id);
      if (!current) return;
      const batch = this.nextBatch(current.value, due, next);
      next = batch.next;
      if (batch.events.length === 0) continue;
      const attempted = await this.attempt(current, batch.events);
      // Stopping (the pacer was closed): what was not sent stays queued exactly as it was.
      const done = attempted.filter((a): a is Attempted => a.outcome !== STOPPED);
      if (done.length > 0) await this.record(current, done);
      for (const a of done) this.count(counts, a.event, a.outcome);
      if (done.length < attempted.length) throw new PacerClosedError();
    }
  }

  /** From `due[from]` on: the next event still queued, and the Teams notices right after it when it is one. */
  private nextBatch(o: Opportunity, due: ReadonlyArray<string>, from: number): { events: OutboxEvent[]; next: number } {
    const queued = new Map(o.outbox.map((e) => [e.id, e]));
    const events: OutboxEvent[] = [];
    let next = from;
    while (next < due.length) {
      const event = queued.get(due[next]!);
      if (event && events.length > 0 && (event.kind !== 'teams-notice' || events[0]!.kind !== 'teams-notice' || events.length >= this.noticeBatch)) break;
      next++;
      if (event) events.push(event);
    }
    return { events, next };
  }

  /** A batch is Teams notices, or one event of another kind. */
  private async attempt(current: Versioned<Opportunity>, events: ReadonlyArray<OutboxEvent>): Promise<Array<Attempted | Unsent>> {
    const notices = events.filter((e): e is TeamsNoticeEvent => e.kind === 'teams-notice');
    const others = events.filter((e): e is OtherEvent => e.kind !== 'teams-notice');
    const attempted = notices.length > 0 ? await this.attemptNotices(current, notices) : [];
    for (const event of others) attempted.push({ event, outcome: await this.attemptOne(current, event) });
    return attempted;
  }

  /** Sends the relevant notices together; each gets its own outcome. */
  private async attemptNotices(current: Versioned<Opportunity>, events: ReadonlyArray<TeamsNoticeEvent>): Promise<Array<Attempted | Unsent>> {
    const relevant = events.filter((e) => stillRelevant(current.value, e));
    let results: NoticeResult[];
    try {
      results = relevant.length > 0 ? await this.deps.sender.postNotices(current, relevant) : [];
    } catch (err) {
      results = relevant.map(() => ({ posted: false, error: err }));
    }
    const resultOf = new Map(relevant.map((e, i) => [e.id, results[i] ?? { posted: false, error: new Error('the sender gave no result for this notice') }]));
    return Promise.all(
      events.map(async (event): Promise<Attempted | Unsent> => {
        const result = resultOf.get(event.id);
        if (!result) return { event, outcome: { kind: 'dropped', reason: 'no longer relevant' } };
        if (!result.posted && result.error instanceof PacerClosedError) return { event, outcome: STOPPED };
        return { event, outcome: result.posted ? { kind: 'delivered' } : await this.failure(current.value, event, result.error) };
      }),
    );
  }

  private async attemptOne(current: Versioned<Opportunity>, event: OtherEvent): Promise<Outcome | typeof STOPPED> {
    if (!stillRelevant(current.value, event)) return { kind: 'dropped', reason: 'no longer relevant' };
    try {
      switch (event.kind) {
        case 'referral-updated':
          return (await this.deps.sender.notifySender(event)) ? { kind: 'delivered' } : { kind: 'dropped', reason: 'no sender webhook configured' };
        case 'teams-announce':
          await this.deps.sender.announce(current, event);
          return { kind: 'delivered' };
        case 'teams-cards':
          await this.deps.sender.refreshCards(current);
          return { kind: 'delivered' };
      }
    } catch (err) {
      if (err instanceof PacerClosedError) return STOPPED;
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

  /**
   * Writes a batch's outcomes into the opportunity with one conditional replace, first over the
   * version the batch was attempted against, re-reading on a lost race (events are found by id;
   * one no longer queued was dealt with by someone else).
   */
  private async record(attemptedOn: Versioned<Opportunity>, attempted: ReadonlyArray<Attempted>): Promise<void> {
    const { tenantId, id } = attemptedOn.value;
    const byId = new Map(attempted.map((a) => [a.event.id, a.outcome]));
    let current: Versioned<Opportunity> | undefined = attemptedOn;
    for (let attempt = 0; attempt < 5; attempt++) {
      if (attempt > 0) current = await this.deps.opportunities.get(tenantId, id);
      if (!current) return;
      const o = current.value;
      const applied: Attempted[] = [];
      const outbox: OutboxEvent[] = [];
      const letters: DeadLetter[] = [];
      for (const event of o.outbox) {
        const outcome = byId.get(event.id);
        if (!outcome) outbox.push(event);
        else {
          applied.push({ event, outcome });
          if (outcome.kind === 'retry') outbox.push(outcome.event);
          else if (outcome.kind === 'deadLetter') letters.push({ event, deadLetteredAt: this.deps.clock.now().toISOString(), reason: outcome.reason });
        }
      }
      if (applied.length === 0) return;
      const next: Opportunity = letters.length > 0 ? { ...o, outbox, deadLetters: [...(o.deadLetters ?? []), ...letters].slice(-20) } : { ...o, outbox };
      try {
        await this.deps.opportunities.replace(next, current.etag);
        for (const a of applied) this.log(o, a.event, a.outcome);
        return;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    // Left as they were: the next run tries them again (at-least-once).
    this.deps.log.warn('notification outcomes not recorded; they will be retried', { tenantId, opportunityId: id, eventIds: [...byId.keys()] });
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
