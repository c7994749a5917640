import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../services/clock';
import { DeliveryError } from '../../../services/notifications/deliveryError';
import type { NoticeResult, TeamsNoticeEvent } from '../../../services/notifications/notificationSender';
import { emptyDeliveryCounts } from '../../../services/notifications/outboxDispatcher';
import type { Opportunity } from '../../../services/opportunities/opportunity';
import type { Versioned } from '../../../services/store/documentStore';
import { SqliteStore } from '../../../services/store/sqliteStore';
import { inboundReferral } from '../../helpers/referrals';
import { makeWorld, makeWorldOver, personalChat, RecordingSender, TENANT, type SweepWorld } from '../../helpers/sweepWorld';
import { WatchedStore } from '../../helpers/watchedStore';

/**
 * A referral's reminders go to many conversations at once: the dispatcher sends them in batches
 * and records each batch's outcomes with one write of the opportunity.
 */
const ADMINS = Array.from({ length: 7 }, (_, i) => `aad-admin-${i}`);
const BATCH = 3;
const SEVEN_DAYS_BEFORE = '2026-11-09T15:00:00.000Z';
const POLICY = { maxAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 600_000 };

describe('Teams notices delivered in batches', () => {
  let dir: string;
  let path: string;
  let clock: ManualClock;
  let referralId: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cosell-batches-'));
    path = join(dir, 'cosell.db');
    clock = new ManualClock('2026-11-02T15:00:00.000Z');
    const setup = makeWorld(path, clock, new RecordingSender(clock));
    await setup.roles.ensureFirstAdmin(TENANT, { userId: ADMINS[0]!, name: 'Admin 0' });
    for (const admin of ADMINS) {
      if (admin !== ADMINS[0]) await setup.roles.grant(TENANT, { userId: ADMINS[0]! }, { userId: admin }, 'ReferralsAdmin');
      await setup.conversations.save(personalChat(admin));
    }
    referralId = (await setup.referrals.receiveReferral(inboundReferral())).opportunity.value.id;
    await setup.sweeper.sweep(); // plans the reminders
    await setup.close();
    clock.set(SEVEN_DAYS_BEFORE); // the 7-day reminder is due, to every admin
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A world over a store that counts what is done to it. */
  function watchedWorld(sender: RecordingSender, noticeBatch = BATCH): { w: SweepWorld; store: WatchedStore } {
    const store = new WatchedStore(new SqliteStore(path));
    return { w: makeWorldOver(store, clock, sender, POLICY, noticeBatch), store };
  }
  const stored = async (w: SweepWorld) => (await w.opportunities.get(TENANT, referralId))!.value;
  const chatOf = (admin: string) => `a:chat-${admin}`;

  it('sends a batch together and records its outcomes with one write of the opportunity', async () => {
    const sender = new RecordingSender(clock);
    const { w, store } = watchedWorld(sender);
    const report = await w.sweeper.sweep();
    expect(report).toMatchObject({ remindersQueued: 7, remindersSent: 7, retried: 0 });
    // 7 reminders in batches of 3: three batches, in the outbox's order.
    expect(sender.batches.map((b) => b.length)).toEqual([3, 3, 1]);
    expect(sender.batches.flat()).toEqual(sender.reminders().map((d) => d.id));
    // One write queues the reminders; then one write per batch, however many it held.
    expect(store.count('opportunities', 'replace')).toBe(1 + 3);
    expect((await stored(w)).outbox).toEqual([]);
    await w.close();
  });

  it('one batch holds as many reminders as the batch size allows', async () => {
    const sender = new RecordingSender(clock);
    const { w, store } = watchedWorld(sender, 50);
    expect(await w.sweeper.sweep()).toMatchObject({ remindersSent: 7 });
    expect(sender.batches.map((b) => b.length)).toEqual([7]);
    expect(store.count('opportunities', 'replace')).toBe(1 + 1);
    await w.close();
  });

  it('a 429 and a 403 in a batch of successes: the others are delivered, the throttled one waits without counting, the gone chat is forgotten', async () => {
    const sender = new RecordingSender(clock);
    sender.fail = (e) => {
      if (e.kind !== 'teams-notice') return undefined;
      if (e.conversationId === chatOf(ADMINS[2]!)) return new DeliveryError('retry', 'Too Many Requests', { status: 429, retryAfterMs: 120_000, throttled: true });
      if (e.conversationId === chatOf(ADMINS[4]!)) return new DeliveryError('gone', 'Forbidden', { status: 403 });
      return undefined;
    };
    const { w, store } = watchedWorld(sender, 50);
    const report = await w.sweeper.sweep();
    expect(report).toMatchObject({ remindersQueued: 7, remindersSent: 5, retried: 1, conversationsPruned: 1, deadLettered: 0 });
    expect(sender.reminders().map((d) => d.conversationId)).toEqual(ADMINS.filter((_, i) => i !== 2 && i !== 4).map(chatOf));
    // All seven outcomes in one write.
    expect(store.count('opportunities', 'replace')).toBe(1 + 1);
    const o = await stored(w);
    expect(o.outbox).toEqual([expect.objectContaining({ conversationId: chatOf(ADMINS[2]!), attempts: 0, nextAttemptAt: '2026-11-09T15:02:00.000Z' })]);
    expect(o.deadLetters ?? []).toEqual([]);
    expect(await w.conversations.get(TENANT, chatOf(ADMINS[4]!))).toBeUndefined();

    // After its Retry-After the throttled one goes, with the same event id.
    const throttledId = o.outbox[0]!.id;
    sender.fail = undefined;
    clock.advance(120_000);
    expect(await w.sweeper.sweep()).toMatchObject({ remindersSent: 1, retried: 0 });
    expect(sender.reminders().at(-1)).toMatchObject({ id: throttledId, conversationId: chatOf(ADMINS[2]!) });
    expect((await stored(w)).outbox).toEqual([]);
    await w.close();
  });

  it('dead-letters a refused notice of a batch and delivers the rest', async () => {
    const sender = new RecordingSender(clock);
    sender.fail = (e) => (e.kind === 'teams-notice' && e.conversationId === chatOf(ADMINS[1]!) ? new DeliveryError('fatal', 'Bad Request', { status: 400 }) : undefined);
    const { w } = watchedWorld(sender);
    expect(await w.sweeper.sweep()).toMatchObject({ remindersSent: 6, deadLettered: 1 });
    const o = await stored(w);
    expect(o.outbox).toEqual([]);
    expect(o.deadLetters).toEqual([expect.objectContaining({ event: expect.objectContaining({ conversationId: chatOf(ADMINS[1]!) }), reason: '400: Bad Request' })]);
    await w.close();
  });

  it('a write by someone else while a batch is out: its outcomes are re-applied to the new version, and the other change is kept', async () => {
    // While the second batch is being sent, someone marks the referral a favorite (a click in Teams)
    // and another instance delivers the last reminder and removes it from the outbox.
    const sender = new (class extends RecordingSender {
      override async postNotices(o: Versioned<Opportunity>, events: ReadonlyArray<TeamsNoticeEvent>): Promise<NoticeResult[]> {
        if (this.batches.length === 1) {
          const now = (await w.opportunities.get(TENANT, referralId))!;
          const lastId = now.value.outbox.at(-1)!.id;
          await w.opportunities.replace({ ...now.value, favorite: true, outbox: now.value.outbox.filter((e) => e.id !== lastId) }, now.etag);
        }
        return super.postNotices(o, events);
      }
    })(clock);
    const { w, store } = watchedWorld(sender);
    const report = await w.sweeper.sweep();
    // The third batch found nothing left to send: the other instance had delivered it.
    expect(sender.batches.map((b) => b.length)).toEqual([3, 3]);
    expect(report).toMatchObject({ remindersQueued: 7, remindersSent: 6 });
    // Queue, batch 1, the competing write, batch 2 lost the race and was written again.
    expect(store.count('opportunities', 'replace')).toBe(5);
    const o = await stored(w);
    expect(o.outbox).toEqual([]);
    expect(o.favorite).toBe(true);
    expect(w.log.lines.filter((l) => l.message.includes('not recorded'))).toEqual([]);
    await w.close();
  });

  it('a crash between a batch\'s sends and its record repeats that batch only, with the same event ids', async () => {
    const sender = new RecordingSender(clock);
    const { w, store } = watchedWorld(sender);
    // The process dies once the second batch has been sent, before its outcomes are written.
    sender.onReceived = () => {
      if (sender.received.length === 2 * BATCH) store.dead = true;
    };
    const crashed = await w.sweeper.sweep();
    expect(crashed.failed).toBe(1);
    expect(sender.batches.map((b) => b.length)).toEqual([3, 3]);
    await w.close().catch(() => undefined);

    // A restarted instance, once the dead one's lease has run out.
    clock.advance(6 * 60_000);
    const after = new RecordingSender(clock);
    const restarted = makeWorld(path, clock, after, POLICY, BATCH);
    expect(await restarted.sweeper.sweep()).toMatchObject({ ran: true, remindersQueued: 0, remindersSent: 4 });
    // Repeated: exactly the unrecorded batch, event for event.
    const firstIds = sender.reminders().map((d) => d.id);
    const againIds = after.reminders().map((d) => d.id);
    expect(againIds.filter((id) => firstIds.includes(id))).toEqual(sender.batches[1]);
    expect(new Set([...firstIds, ...againIds]).size).toBe(ADMINS.length);
    expect((await stored(restarted)).outbox).toEqual([]);
    await restarted.close();
  });

  it('asks whether to keep going before each batch (a sweep that lost its lease stops between batches)', async () => {
    const sender = new RecordingSender(clock);
    const { w } = watchedWorld(sender);
    const current = (await w.opportunities.get(TENANT, referralId))!;
    const events = ADMINS.map((admin, i) => ({ id: `${referralId}:reminder:test:${i}`, kind: 'teams-notice' as const, notice: 'reminder' as const, conversationId: chatOf(admin), createdAt: clock.now().toISOString() }));
    await w.opportunities.replace({ ...current.value, outbox: events }, current.etag);
    let asked = 0;
    const counts = emptyDeliveryCounts();
    await w.dispatcher.deliverDue(TENANT, referralId, counts, async () => asked++ < 1);
    expect(sender.batches).toEqual([events.slice(0, 3).map((e) => e.id)]);
    expect(counts).toMatchObject({ delivered: 3, remindersSent: 3 });
    expect((await stored(w)).outbox.map((e) => e.id)).toEqual(events.slice(3).map((e) => e.id));
    await w.close();
  });
});
