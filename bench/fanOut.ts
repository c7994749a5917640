/**
 * Fan-out: 10,000 proactive reminders over 1,000 conversations, through the bot's real delivery
 * path (createApp: Sweeper → OutboxDispatcher → TeamsNotificationSender → PacedMessenger with
 * SendPacer/TeamsSendLimiter → CloudAdapter over HTTP) to a local connector that ENFORCES Teams'
 * limits and answers 429 + Retry-After when they are exceeded. Measures the time from the first
 * sweep to the last reminder accepted, against the least time the limits allow (target ≤ 1.15×),
 * and that no reminder is lost (distinct reminders received = 10,000; repeats reported).
 *
 * The workload: one partner tenant whose 1,000 referral admins each have a personal chat with the
 * bot (no referrals channel, so every reminder goes to all of them), and 10 unanswered referrals
 * whose 7-day reminder is due: 10 × 1,000 = 10,000 posts, 10 per conversation.
 *
 * Time is scaled: every window of Teams' limits (per conversation 7/1 s, 8/2 s, 60/30 s,
 * 1,800/3,600 s; per tenant 50/1 s) is divided by FANOUT_SCALE (default 10), counts unchanged, in
 * the bot (through TEAMS_*_RATE_LIMITS, its documented configuration) and in the connector alike.
 * Unscaled, 10,000 posts in one tenant take at least 199 s (50/s); at ×10, 19.9 s.
 * FANOUT_CONVERSATIONS (1000, in all, split evenly over the tenants), FANOUT_REFERRALS (10 per
 * tenant) and FANOUT_TENANTS (1) change the workload; the bot's TEAMS_RATE_LIMIT_MARGIN_PERCENT and
 * OUTBOX_BATCH_SIZE are passed through when set. It sweeps until nothing is due and nothing is
 * queued (a reminder whose send failed waits in the outbox for its retry time).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApp } from '../bot/app';
import { loadConfig } from '../bot/config';
import { silentLogger } from '../bot/logger';
import { openStore } from '../bot/storeFactory';
import { DAY_MS, type Clock } from '../services/clock';
import { ConversationRepository } from '../services/conversations/conversationRepository';
import { TEAMS_RATE_LIMITS, type RateLimits, type RateWindow } from '../services/notifications/rateLimiter';
import { OpportunityRepository } from '../services/opportunities/opportunityRepository';
import { ReferralService } from '../services/referrals/referralService';
import { RoleService } from '../services/roles/roleService';
import { inboundReferral } from '../test/helpers/referrals';
import { minimumSpanMs, RateLimitedConnector } from './limitedConnector';
import { fmt, say, seconds } from './sweepFixtures';

const scale = Number(process.env.FANOUT_SCALE ?? 10);
const tenants = Number(process.env.FANOUT_TENANTS ?? 1);
/** Conversations and referrals in all; split evenly over the tenants. */
const conversations = Number(process.env.FANOUT_CONVERSATIONS ?? 1000);
const referralsPerTenant = Number(process.env.FANOUT_REFERRALS ?? 10);
const RECEIVED = new Date('2026-11-05T09:00:00.000Z');

/** Domain time that runs with the wall clock from a chosen start (retries come due as time passes). */
class RunningClock implements Clock {
  private base: number;
  private since = Date.now();
  constructor(start: Date) {
    this.base = start.getTime();
  }
  now(): Date {
    return new Date(this.base + (Date.now() - this.since));
  }
  set(at: Date): void {
    this.base = at.getTime();
    this.since = Date.now();
  }
}

const scaled = (windows: ReadonlyArray<RateWindow>): RateWindow[] => windows.map((w) => ({ limit: w.limit, perMs: Math.round(w.perMs / scale) }));
const asSetting = (windows: ReadonlyArray<RateWindow>) => windows.map((w) => `${w.limit}/${w.perMs / 1000}`).join(',');
const tenantId = (t: number) => `bench-tenant-${t}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const limits: RateLimits = { perConversation: scaled(TEAMS_RATE_LIMITS.perConversation), perTenant: scaled(TEAMS_RATE_LIMITS.perTenant) };
  const chatsPerTenant = Math.floor(conversations / tenants);
  const expected = tenants * referralsPerTenant * chatsPerTenant;
  const referralIds = new Map<string, string>();

  // The connector names each reminder by conversation and referral (the referral's id is in the card).
  const connector = new RateLimitedConnector(limits, (conversationId, body) => {
    for (const id of referralIds.keys()) if (body.includes(id)) return `${conversationId} ${id}`;
    return undefined;
  });
  await connector.start();

  const dir = mkdtempSync(join(tmpdir(), 'cosell-fanout-'));
  const config = loadConfig({
    SQLITE_PATH: join(dir, 'cosell.db'),
    PORT: '0',
    LOG_LEVEL: 'error',
    TEAMS_CONVERSATION_RATE_LIMITS: asSetting(limits.perConversation),
    TEAMS_TENANT_RATE_LIMITS: asSetting(limits.perTenant),
    // The bot's own delivery settings, passed through when set (their defaults otherwise).
    TEAMS_RATE_LIMIT_MARGIN_PERCENT: process.env.TEAMS_RATE_LIMIT_MARGIN_PERCENT,
    OUTBOX_BATCH_SIZE: process.env.OUTBOX_BATCH_SIZE,
  });
  const store = await openStore(config.store);
  const clock = new RunningClock(RECEIVED);
  const app = createApp(config, store, silentLogger, clock);
  try {
    // Seed through the real services: admins, their personal chats, the referrals.
    const roles = new RoleService(store, clock);
    const chats = new ConversationRepository(store);
    const referrals = new ReferralService(new OpportunityRepository(store), clock);
    for (let t = 0; t < tenants; t++) {
      const tenant = tenantId(t);
      for (let c = 0; c < chatsPerTenant; c++) {
        const userId = `aad-${t}-${c}`;
        if (c === 0) await roles.ensureFirstAdmin(tenant, { userId, name: 'Admin 0' });
        else await roles.grant(tenant, { userId: `aad-${t}-0` }, { userId, name: `Admin ${c}` }, 'ReferralsAdmin');
        await chats.save({
          tenantId: tenant,
          conversationId: `a:chat-${t}-${c}`,
          kind: 'personal',
          channelId: 'msteams',
          serviceUrl: connector.url,
          bot: { id: '28:cosell-bot' },
          user: { id: `29:${userId}`, aadObjectId: userId },
          userKey: userId,
          locale: 'en-US',
          updatedAt: RECEIVED.toISOString(),
        });
      }
      for (let r = 0; r < referralsPerTenant; r++) {
        const { opportunity } = await referrals.receiveReferral(inboundReferral({ tenantId: tenant, id: `pc-${t}-${r}` }));
        referralIds.set(opportunity.value.id, tenant);
      }
    }
    await app.sweeper.sweep(); // plans each referral's reminders (none due yet)

    // Seven days later every referral's 7-day reminder is due, to every admin's chat.
    clock.set(new Date(RECEIVED.getTime() + 7 * DAY_MS + 60_000));
    const opportunities = new OpportunityRepository(store);
    const anyQueued = async () => {
      for (const [id, tenant] of referralIds) if (((await opportunities.get(tenant, id))?.value.outbox.length ?? 0) > 0) return true;
      return false;
    };
    // Stalls of the event loop hold sends past their reserved time (and the connector's reading of them).
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const started = performance.now();
    const totals = { sweeps: 0, queued: 0, sent: 0, retried: 0, deadLettered: 0, failed: 0 };
    const deadline = started + 20 * minimumFor(limits, expected, referralsPerTenant) + 60_000;
    for (;;) {
      const r = await app.sweeper.sweep();
      totals.sweeps++;
      totals.queued += r.remindersQueued;
      totals.sent += r.remindersSent;
      totals.retried += r.retried;
      totals.deadLettered += r.deadLettered;
      totals.failed += r.failed;
      // Nothing due now and nothing queued (a retry may be waiting for its time): every reminder is out or dead-lettered.
      if (r.ran && !r.more && r.examined === 0 && !(await anyQueued())) break;
      if (performance.now() > deadline) throw new Error('fan-out did not finish in 20× its minimum time');
      if (r.examined === 0) await sleep(20); // waiting for a retry to come due
    }
    const finished = performance.now();
    loopDelay.disable();
    const c = connector.counts;
    const elapsed = (c.lastAt ?? finished) - started;
    const minimum = minimumFor(limits, expected, referralsPerTenant);

    say(`Fan-out through the real delivery path (${new Date().toISOString()})`);
    say(`workload: ${fmt(expected)} reminders = ${tenants} tenant(s) × ${referralsPerTenant} referrals × ${chatsPerTenant} admin chats; ${fmt(tenants * chatsPerTenant)} conversations`);
    say(`limits ×${scale} (time windows divided by ${scale}, counts unchanged), enforced by the connector and configured in the bot:`);
    say(`  per conversation ${asSetting(limits.perConversation)}; per tenant ${asSetting(limits.perTenant)} (count/seconds)`);
    say(`least time the limits allow: ${seconds(minimum)} (unscaled: ${seconds(minimum * scale)})`);
    say(`measured, first sweep → last reminder accepted: ${seconds(elapsed)} = ${(elapsed / minimum).toFixed(3)}× the minimum (target ≤ 1.15: ${elapsed / minimum <= 1.15 ? 'met' : 'NOT met'}); all sweeps done after ${seconds(finished - started)}`);
    say(`connector: ${fmt(c.accepted)} posts accepted, ${fmt(c.unique)} distinct reminders (expected ${fmt(expected)}: ${c.unique === expected ? 'none lost' : `${expected - c.unique} LOST`}), ${c.duplicates} repeats, ${c.throttled} answered 429`);
    say(`bot: ${totals.sweeps} sweeps, ${fmt(totals.queued)} reminders queued, ${fmt(totals.sent)} sent, ${totals.retried} retried, ${totals.deadLettered} dead-lettered, ${totals.failed} failed steps`);
    say(`throughput ${fmt(c.accepted / (elapsed / 1000))} posts/s; RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);
    const ms = (ns: number) => (ns / 1e6).toFixed(0);
    say(`event-loop delay (bot and connector share this process): p99 ${ms(loopDelay.percentile(99))} ms, max ${ms(loopDelay.max)} ms`);
  } finally {
    await app.server.close().catch(() => undefined);
    await app.background.drain();
    await store.close();
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The least time under the limits: the busiest tenant's posts, or any one conversation's. */
function minimumFor(limits: RateLimits, expected: number, referralsPerTenant: number): number {
  return Math.max(minimumSpanMs(expected / tenants, limits.perTenant), minimumSpanMs(referralsPerTenant, limits.perConversation));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
