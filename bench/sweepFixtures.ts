/**
 * Shared pieces of the sweep benchmarks (sweepScaling, fanOut): referral documents shaped exactly as
 * the real path stores them, a "bot instance without the bot" (every service the sweep needs over
 * one store), a sender that only counts, and small formatting helpers.
 */
import type { ManualClock, Clock } from '../services/clock';
import { DAY_MS } from '../services/clock';
import type { JobLog } from '../services/jobs/jobLog';
import { assembleSweep, type SweepAssembly } from '../services/jobs/sweepAssembly';
import { Sweeper, type SweepReport } from '../services/jobs/sweeper';
import type { AnnounceEvent, NoticeResult, NotificationSender, SenderEvent, TeamsNoticeEvent } from '../services/notifications/notificationSender';
import { withDueTime } from '../services/opportunities/dueTime';
import type { Opportunity } from '../services/opportunities/opportunity';
import { OpportunityRepository } from '../services/opportunities/opportunityRepository';
import { withRevision } from '../services/opportunities/revision';
import { ReferralService } from '../services/referrals/referralService';
import { OPPORTUNITIES } from '../services/store/collections';
import { storedDocument, type DocumentStore, type Versioned } from '../services/store/documentStore';
import { SqliteStore } from '../services/store/sqliteStore';
import { inboundReferral } from '../test/helpers/referrals';

/** Logs nothing: the benches time the work, not the log lines. */
export const quietLog: JobLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A NotificationSender that only counts what reached it (the "fast no-op sender"). */
export class CountingSender implements NotificationSender {
  readonly ids: string[] = [];
  async postNotices(_o: Versioned<Opportunity>, events: ReadonlyArray<TeamsNoticeEvent>): Promise<NoticeResult[]> {
    for (const event of events) this.ids.push(event.id);
    return events.map(() => ({ posted: true }));
  }
  async announce(_o: Versioned<Opportunity>, event: AnnounceEvent): Promise<void> {
    this.ids.push(event.id);
  }
  async refreshCards(): Promise<void> {}
  async notifySender(event: SenderEvent): Promise<boolean> {
    this.ids.push(event.id);
    return true;
  }
}

/** Every service the sweep needs over one store, around any sender (services/jobs/sweepAssembly.ts). */
export function sweepServices(store: DocumentStore, clock: Clock, sender: NotificationSender): SweepAssembly {
  return assembleSweep({ store, clock, log: quietLog, sender });
}

/** Sweeps until a sweep reports nothing more to do; returns the reports. */
export async function sweepUntilDone(sweeper: Sweeper, maxSweeps = 1000): Promise<SweepReport[]> {
  const reports: SweepReport[] = [];
  for (let i = 0; i < maxSweeps; i++) {
    const r = await sweeper.sweep();
    reports.push(r);
    if (r.ran && !r.more) break;
  }
  return reports;
}

export function total(reports: ReadonlyArray<SweepReport>, field: 'examined' | 'remindersQueued' | 'remindersSent' | 'delivered' | 'retried' | 'failed' | 'deadLettered'): number {
  return reports.reduce((sum, r) => sum + r[field], 0);
}

/**
 * A received referral exactly as `ReferralService.receiveReferral` stores it (made once through the
 * real service on an in-memory store), to be copied with other ids and times.
 */
export async function receivedReferralTemplate(clock: ManualClock): Promise<Opportunity> {
  const store = new SqliteStore(':memory:');
  try {
    const referrals = new ReferralService(new OpportunityRepository(store), clock);
    const { opportunity } = await referrals.receiveReferral(inboundReferral({ tenantId: 'template', id: 'pc-template' }));
    return opportunity.value;
  } finally {
    await store.close();
  }
}

export type ReferralState = 'reminderDue' | 'waiting' | 'accepted';

/**
 * A referral in tenant `tenantId`, received `ageMs` before `now`:
 * * `reminderDue`: unanswered, its reminders planned at receipt and the 7-day one due now;
 * * `waiting`: unanswered, next reminder still ahead;
 * * `accepted`: answered, nothing ever due again (no dueDateTime).
 * The due time is derived by the same `withDueTime` the repository applies on every write.
 */
export function referralCopy(template: Opportunity, tenantId: string, externalId: string, state: ReferralState, now: Date, ageMs: number): Opportunity {
  const received = new Date(now.getTime() - ageMs);
  const at = received.toISOString();
  const o: Opportunity = {
    ...template,
    id: ReferralService.idFor(externalId),
    tenantId,
    externalId,
    createdDateTime: at,
    updatedDateTime: at,
    expirationDateTime: new Date(received.getTime() + 14 * DAY_MS).toISOString(),
    nextReminderAt: new Date(received.getTime() + 7 * DAY_MS).toISOString(),
    history: [{ ...template.history[0]!, at }],
    outbox: [],
    dueDateTime: undefined,
  };
  // Stamped as the store stamps every write: its own revision, not the template's.
  if (state === 'accepted') {
    return withRevision(withDueTime({ ...o, status: 'Active', substatus: 'Accepted', nextReminderAt: undefined, history: [...o.history, { at, action: 'accept' }] }));
  }
  return withRevision(withDueTime(o));
}

/** The check behind "a documented direct insert matching exactly what the store writes". */
export function storedForm(o: Opportunity): string {
  return JSON.stringify(storedDocument(OPPORTUNITIES, o));
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const say = (line = '') => process.stdout.write(`${line}\n`);
