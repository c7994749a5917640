import { canApply } from './lifecycle';
import type { Opportunity } from './opportunity';

/**
 * When the sweeper must look at an opportunity next. Derived from the document on every write
 * (OpportunityRepository does it), never set by hand, so no writer can forget it: the earliest of
 * the next reminder check, the expiry of an unanswered referral, the end of Microsoft's 14 days on
 * an outbound co-sell request, and the next delivery attempt of a queued notification.
 */
export function dueTimeOf(o: Opportunity): string | undefined {
  const times: string[] = o.outbox.map((e) => e.nextAttemptAt ?? e.createdAt);
  if (awaitsAnswer(o)) {
    times.push(o.expirationDateTime!);
    if (o.nextReminderAt) times.push(o.nextReminderAt);
  }
  if (awaitsMicrosoft(o)) times.push(o.expirationDateTime!);
  if (times.length === 0) return undefined;
  // Normalised to UTC "Z" form: the index compares strings, and senders may give offsets.
  return new Date(Math.min(...times.map((t) => new Date(t).getTime()))).toISOString();
}

export function withDueTime(o: Opportunity): Opportunity {
  const due = dueTimeOf(o);
  return due === o.dueDateTime ? o : { ...o, dueDateTime: due };
}

/** A received referral still waiting for an answer, with a deadline. */
export function awaitsAnswer(o: Opportunity): boolean {
  return canApply(o, 'expire') && o.expirationDateTime !== undefined;
}

/** The "done" key of the 14-day window of an outbound co-sell request (a new invitation is a new window). */
export function cosellWindowKey(o: Opportunity): string {
  return `cosellWindow@${o.expirationDateTime ?? ''}`;
}

/** An outbound co-sell request whose owner has not yet been told that Microsoft's 14 days ran out. */
export function awaitsMicrosoft(o: Opportunity): boolean {
  return (
    o.direction === 'Outgoing' &&
    o.type === 'Shared' &&
    o.substatus === 'Accepted' &&
    o.expirationDateTime !== undefined &&
    !(o.remindersDone ?? []).includes(cosellWindowKey(o))
  );
}
