import { createHash } from 'node:crypto';
import type { ConversationRecord } from '../conversations/conversationRecord';
import { awaitsAnswer, awaitsMicrosoft, cosellWindowKey } from '../opportunities/dueTime';
import type { Opportunity, OutboxEvent, TeamsNoticeKind } from '../opportunities/opportunity';
import { withNotification } from '../referrals/senderNotification';
import { decideReminders, planReminders, type ReminderPolicy } from './reminderSchedule';

/**
 * What the sweeper does to one due opportunity, as pure functions of the document: queue the due
 * reminder (and mark it done), notice the end of Microsoft's 14 days on an outbound co-sell
 * request, and the notices of an expiry. The caller writes the result with one conditional replace,
 * so the "done" marks and the queued notifications are stored together or not at all.
 */

/** Keys of remembered reminders are kept to this many (the newest). */
const MAX_DONE = 50;

export interface PlanContext {
  now: Date;
  policy: ReminderPolicy;
  /** Where reminders go (people who turned them off are already left out). */
  reminderTargets: ReadonlyArray<ConversationRecord>;
  /** Where notices of a change go. */
  noticeTargets: ReadonlyArray<ConversationRecord>;
  /** The recipients' time zone, for the last-morning reminder. */
  timeZone?: string;
}

export interface PlannedWork {
  next: Opportunity;
  /** A reminder was due now (queued for each reminder target, if there are any). */
  reminderDue: boolean;
  remindersQueued: number;
  remindersSkipped: number;
  cosellWindowsClosed: number;
}

/** Whether `planDueWork` has anything to do now (so the caller knows to look up a context). */
export function hasDueWork(o: Opportunity, now: Date): boolean {
  const remind = awaitsAnswer(o) && o.nextReminderAt !== undefined && new Date(o.nextReminderAt) <= now;
  return remind || cosellWindowOver(o, now);
}

function cosellWindowOver(o: Opportunity, now: Date): boolean {
  return awaitsMicrosoft(o) && new Date(o.expirationDateTime!) <= now;
}

export function planDueWork(o: Opportunity, ctx: PlanContext): PlannedWork | undefined {
  const work: PlannedWork = { next: o, reminderDue: false, remindersQueued: 0, remindersSkipped: 0, cosellWindowsClosed: 0 };
  if (awaitsAnswer(o) && o.nextReminderAt && new Date(o.nextReminderAt) <= ctx.now) {
    const deadline = o.expirationDateTime!;
    // Keys name the deadline: when the sender moves it, the reminders start over for the new one.
    const suffix = `@${new Date(deadline).toISOString()}`;
    const plan = planReminders(new Date(deadline), new Date(o.createdDateTime), ctx.policy, ctx.timeZone);
    const done = (o.remindersDone ?? []).filter((k) => k.endsWith(suffix)).map((k) => k.slice(0, -suffix.length));
    const decision = decideReminders(plan, done, ctx.now);
    let next: Opportunity = { ...o, nextReminderAt: decision.next?.toISOString() };
    const marked = [...(decision.send ? [decision.send] : []), ...decision.skip].map((p) => `${p.key}${suffix}`);
    if (decision.send) {
      work.reminderDue = true;
      const key = `${decision.send.key}${suffix}`;
      for (const target of ctx.reminderTargets) {
        next = withNotification(next, noticeEvent(o, 'reminder', target, ctx.now, key));
        work.remindersQueued++;
      }
    }
    work.remindersSkipped = decision.skip.length;
    next = remember(next, marked);
    work.next = next;
  }
  if (cosellWindowOver(work.next, ctx.now)) {
    let next = remember(work.next, [cosellWindowKey(work.next)]);
    for (const target of ctx.noticeTargets) next = withNotification(next, noticeEvent(o, 'cosellUnengaged', target, ctx.now, cosellWindowKey(o)));
    work.next = next;
    work.cosellWindowsClosed = 1;
  }
  return work.next === o ? undefined : work;
}

/** In the same write as the expiry: a notice to each owner, and the posted cards redrawn. */
export function expiryNotices(expired: Opportunity, targets: ReadonlyArray<ConversationRecord>, now: Date): OutboxEvent[] {
  return [
    ...targets.map((t) => noticeEvent(expired, 'expired', t, now)),
    { id: `${expired.id}:cards:expired`, kind: 'teams-cards', createdAt: now.toISOString() },
  ];
}

function noticeEvent(o: Opportunity, notice: TeamsNoticeKind, to: ConversationRecord, now: Date, key?: string): OutboxEvent {
  const where = createHash('sha256').update(to.conversationId).digest('hex').slice(0, 16);
  return {
    id: [o.id, notice, key, where].filter(Boolean).join(':'),
    kind: 'teams-notice',
    notice,
    conversationId: to.conversationId,
    reminderKey: notice === 'reminder' ? key : undefined,
    createdAt: now.toISOString(),
  };
}

function remember(o: Opportunity, keys: ReadonlyArray<string>): Opportunity {
  const done = [...(o.remindersDone ?? [])];
  for (const k of keys) if (!done.includes(k)) done.push(k);
  return { ...o, remindersDone: done.slice(-MAX_DONE) };
}
