import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { ConflictError } from '../errors';
import { awaitsAnswer } from '../opportunities/dueTime';
import type { OpportunityRepository } from '../opportunities/opportunityRepository';
import { commonTimeZone, type RecipientDirectory } from '../notifications/recipients';
import { PacerClosedError } from '../notifications/sendPacer';
import { emptyDeliveryCounts, type DeliveryCounts, type OutboxDispatcher } from '../notifications/outboxDispatcher';
import { expireReferral, type ReferralService } from '../referrals/referralService';
import { expiryNotices, hasDueWork, planDueWork } from '../reminders/dueWork';
import type { TenantSettingsService } from '../settings/tenantSettingsService';
import type { JobLog } from './jobLog';
import type { LeaseManager } from './lease';

export const SWEEP_LEASE = 'sweep';

/** What one sweep did: the answer of POST /api/jobs/sweep and the scheduler's log line. */
export interface SweepReport extends DeliveryCounts {
  /** False when another sweep held the lease (here or on another instance): nothing was done. */
  ran: boolean;
  startedAt: string;
  /** Due opportunities looked at. */
  examined: number;
  /** Reminders queued for delivery (one per recipient conversation). */
  remindersQueued: number;
  /** Due reminders passed over because a later one was due too (the bot had been down). */
  remindersSkipped: number;
  referralsExpired: number;
  /** Outbound co-sell requests whose 14 days ran out without Microsoft engaging. */
  cosellRequestsUnengaged: number;
  /** Opportunities whose step failed (logged); they stay due and are tried again next time. */
  failed: number;
  /** True when the sweep stopped at its size limit (or lost its lease) with work left: run it again. */
  more: boolean;
}

export interface SweeperDeps {
  opportunities: OpportunityRepository;
  referrals: ReferralService;
  settings: TenantSettingsService;
  dispatcher: OutboxDispatcher;
  leases: LeaseManager;
  /** A fresh directory per sweep, so lookups are shared within a sweep but never stale across sweeps. */
  recipients: () => RecipientDirectory;
  clock: Clock;
  log: JobLog;
  /** This instance's name in the lease. */
  owner?: string;
  leaseTtlMs?: number;
  /** Opportunities looked at per sweep at most; the rest wait for the next one. */
  maxPerSweep?: number;
  pageSize?: number;
}

/**
 * The sweep: finds the opportunities whose due time has come (an indexed query on dueDateTime,
 * never a scan), and for each one expires it, or queues its due reminder or co-sell notice, then
 * delivers its queued notifications. A lease in the store lets one sweep run at a time across
 * instances, and every step is a conditional write of "done" marks together with what it queued,
 * so a sweep that dies midway repeats no reminder and misses none on the next run.
 */
export class Sweeper {
  private readonly owner: string;
  private readonly leaseTtlMs: number;
  private running = false;
  private leaseRenewedAt = 0;

  constructor(private readonly deps: SweeperDeps) {
    this.owner = deps.owner ?? `sweeper-${randomUUID()}`;
    this.leaseTtlMs = deps.leaseTtlMs ?? 5 * 60_000;
  }

  async sweep(): Promise<SweepReport> {
    const report: SweepReport = {
      ran: false,
      startedAt: this.deps.clock.now().toISOString(),
      examined: 0,
      remindersQueued: 0,
      remindersSkipped: 0,
      referralsExpired: 0,
      cosellRequestsUnengaged: 0,
      failed: 0,
      more: false,
      ...emptyDeliveryCounts(),
    };
    // One sweep at a time in this process (timer and HTTP trigger alike), and one across instances.
    if (this.running) return report;
    this.running = true;
    this.leaseRenewedAt = 0;
    try {
      if (!(await this.holdLease())) return report;
      report.ran = true;
      try {
        await this.run(report);
      } finally {
        await this.deps.leases.release(SWEEP_LEASE, this.owner).catch((err: unknown) => this.deps.log.warn('could not release the sweep lease', { err }));
      }
      return report;
    } finally {
      this.running = false;
    }
  }

  /** Takes or renews the lease: renewed once a third of its time has passed, so a long sweep keeps it. */
  private async holdLease(): Promise<boolean> {
    const now = this.deps.clock.now().getTime();
    if (this.leaseRenewedAt && now - this.leaseRenewedAt < this.leaseTtlMs / 3) return true;
    const held = await this.deps.leases.acquire(SWEEP_LEASE, this.owner, this.leaseTtlMs);
    this.leaseRenewedAt = held ? now : 0;
    return held;
  }

  private async run(report: SweepReport): Promise<void> {
    const limit = this.deps.maxPerSweep ?? 500;
    const recipients = this.deps.recipients();
    const seen = new Set<string>();
    const now = this.deps.clock.now();
    let continuation: string | undefined;
    do {
      const page = await this.deps.opportunities.listDue(now, this.deps.pageSize ?? 50, continuation);
      for (const item of page.items) {
        const key = `${item.value.tenantId}\n${item.value.id}`;
        if (seen.has(key)) continue;
        if (seen.size >= limit || !(await this.holdLease())) {
          report.more = true;
          return;
        }
        seen.add(key);
        report.examined++;
        try {
          await this.step(item.value.tenantId, item.value.id, recipients, report);
        } catch (err) {
          if (err instanceof PacerClosedError) {
            // The process is stopping: what is left stays due for the next sweep.
            report.more = true;
            return;
          }
          report.failed++;
          this.deps.log.error('sweep step failed; the opportunity stays due', { tenantId: item.value.tenantId, opportunityId: item.value.id, err });
        }
      }
      continuation = page.continuation;
    } while (continuation);
  }

  /** Everything due for one opportunity; each part is its own idempotent conditional write. */
  private async step(tenantId: string, id: string, recipients: RecipientDirectory, report: SweepReport): Promise<void> {
    const found = await this.deps.opportunities.get(tenantId, id);
    if (!found) return;
    const now = this.deps.clock.now();
    if (expireReferral(found.value, now)) {
      const targets = await recipients.forOpportunity(found.value, 'notice');
      const expired = await this.deps.referrals.expire(tenantId, id, (o) => expiryNotices(o, targets, now));
      if (expired) report.referralsExpired++;
    } else if (hasDueWork(found.value, now)) {
      await this.plan(tenantId, id, recipients, report);
    }
    await this.deps.dispatcher.deliverDue(tenantId, id, report, () => this.holdLease());
  }

  private async plan(tenantId: string, id: string, recipients: RecipientDirectory, report: SweepReport): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const found = await this.deps.opportunities.get(tenantId, id);
      if (!found) return;
      const o = found.value;
      const now = this.deps.clock.now();
      const reminderTargets = awaitsAnswer(o) ? await recipients.forOpportunity(o, 'reminder') : [];
      const noticeTargets = await recipients.forOpportunity(o, 'notice');
      const work = planDueWork(o, {
        now,
        policy: await this.deps.settings.reminderPolicy(tenantId),
        reminderTargets,
        noticeTargets,
        timeZone: commonTimeZone(noticeTargets),
      });
      if (!work) return;
      try {
        await this.deps.opportunities.replace(work.next, found.etag);
      } catch (err) {
        if (err instanceof ConflictError) continue; // changed meanwhile (a click, another writer): plan again
        throw err;
      }
      report.remindersQueued += work.remindersQueued;
      report.remindersSkipped += work.remindersSkipped;
      report.cosellRequestsUnengaged += work.cosellWindowsClosed;
      if (work.reminderDue && reminderTargets.length === 0) {
        this.deps.log.warn('a reminder was due but nobody can be reminded (no referrals channel, no admin chat)', { tenantId, opportunityId: id });
      }
      return;
    }
  }
}
