import { z } from 'zod';
import { DAY_MS } from '../clock';
import { isValidTimeZone, localDate, zonedTime } from './timeZones';

/** When to remind people of an unanswered referral; admins can change it per tenant. */
export const ReminderPolicy = z.object({
  /** Reminders this many days before expiry. */
  daysBefore: z.array(z.number().positive().max(14)).max(10).default([7, 3, 1]),
  /** Also remind on the last morning before expiry, at this local hour, when the time zone is known. */
  lastMorningHour: z.number().int().min(0).max(23).nullable().default(9),
});
export type ReminderPolicy = z.infer<typeof ReminderPolicy>;

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = { daysBefore: [7, 3, 1], lastMorningHour: 9 };

export interface PlannedReminder {
  /** Stable name of this reminder for this referral ("7d", "lastMorning"): what "already sent" records. */
  key: string;
  at: Date;
}

/**
 * Every reminder of a referral expiring at `expiresAt`, earliest first. Reminders that would fall
 * before `receivedAt` are left out (a referral received with 2 days left gets no 7-day reminder).
 */
export function planReminders(
  expiresAt: Date,
  receivedAt: Date,
  policy: ReminderPolicy = DEFAULT_REMINDER_POLICY,
  timeZone?: string,
): PlannedReminder[] {
  const planned: PlannedReminder[] = policy.daysBefore.map((days) => ({
    key: `${days}d`,
    at: new Date(expiresAt.getTime() - days * DAY_MS),
  }));
  if (policy.lastMorningHour !== null && timeZone && isValidTimeZone(timeZone)) {
    const { y, m, d } = localDate(expiresAt, timeZone);
    let morning = zonedTime(y, m, d, policy.lastMorningHour, timeZone);
    // If the referral expires before that morning's reminder, the last morning is the day before.
    if (morning >= expiresAt) morning = zonedTime(y, m, d - 1, policy.lastMorningHour, timeZone);
    planned.push({ key: 'lastMorning', at: morning });
  }
  return planned
    .filter((p) => p.at > receivedAt && p.at < expiresAt)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

export interface ReminderDecision {
  /** The one reminder to send now (the latest that is due), if any. */
  send?: PlannedReminder;
  /** Due reminders passed over because a later one is due too (the bot was down): mark them done. */
  skip: PlannedReminder[];
  /** When the next not-yet-due reminder falls, if any. */
  next?: Date;
}

/**
 * What to do now, given the reminders already sent or skipped. Several overdue reminders collapse
 * into the latest one, so a bot that was down does not send a burst of stale reminders.
 */
export function decideReminders(planned: ReadonlyArray<PlannedReminder>, done: ReadonlyArray<string>, now: Date): ReminderDecision {
  const open = planned.filter((p) => !done.includes(p.key));
  const due = open.filter((p) => p.at <= now);
  const later = open.filter((p) => p.at > now);
  return {
    send: due[due.length - 1],
    skip: due.slice(0, -1),
    next: later[0]?.at,
  };
}
