import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../services/clock';
import { DeliveryError, parseRetryAfter } from '../../../services/notifications/deliveryError';
import { retryDelayMs } from '../../../services/notifications/retryPolicy';
import { inboundReferral } from '../../helpers/referrals';
import { makeWorld, personalChat, RecordingSender, TENANT, type SweepWorld } from '../../helpers/sweepWorld';

const SEVEN_DAYS_BEFORE = '2026-11-09T15:00:00.000Z';

describe('outbox delivery', () => {
  let dir: string;
  let clock: ManualClock;
  let sender: RecordingSender;
  let w: SweepWorld;
  let referralId: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cosell-outbox-'));
    clock = new ManualClock('2026-11-02T15:00:00.000Z');
    sender = new RecordingSender(clock);
    w = makeWorld(join(dir, 'cosell.db'), clock, sender, { maxAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 600_000 });
    await w.roles.ensureFirstAdmin(TENANT, { userId: 'aad-avery', name: 'Avery Admin' });
    await w.conversations.save(personalChat('aad-avery'));
    referralId = (await w.referrals.receiveReferral(inboundReferral())).opportunity.value.id;
    await w.sweeper.sweep(); // plans the reminders
    clock.set(SEVEN_DAYS_BEFORE);
  });
  afterEach(async () => {
    await w.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const stored = async () => (await w.opportunities.get(TENANT, referralId))!.value;

  it('retries a send throttled with 429 only after its Retry-After, without counting it as a failure', async () => {
    sender.fail = (_e, call) => (call === 1 ? new DeliveryError('retry', 'Too Many Requests', { status: 429, retryAfterMs: 120_000, throttled: true }) : undefined);
    const first = await w.sweeper.sweep();
    expect(first).toMatchObject({ remindersQueued: 1, delivered: 0, retried: 1 });
    const waiting = (await stored()).outbox[0]!;
    expect(waiting).toMatchObject({ attempts: 0, nextAttemptAt: '2026-11-09T15:02:00.000Z' });
    // The sweeper's index points at the retry time.
    expect((await stored()).dueDateTime).toBe('2026-11-09T15:02:00.000Z');

    clock.advance(60_000);
    expect(await w.sweeper.sweep()).toMatchObject({ examined: 0, delivered: 0 });
    clock.advance(60_000);
    expect(await w.sweeper.sweep()).toMatchObject({ delivered: 1, remindersSent: 1 });
    expect(sender.reminders().map((d) => d.at)).toEqual(['2026-11-09T15:02:00.000Z']);
    expect((await stored()).outbox).toEqual([]);
  });

  it('forgets a conversation when Teams answers 403, and reminds nobody there again', async () => {
    sender.fail = () => new DeliveryError('gone', 'Forbidden', { status: 403 });
    expect(await w.sweeper.sweep()).toMatchObject({ conversationsPruned: 1, delivered: 0 });
    expect(await w.conversations.get(TENANT, 'a:chat-aad-avery')).toBeUndefined();
    expect((await stored()).outbox).toEqual([]);
    sender.fail = undefined;
    clock.set('2026-11-13T15:00:00.000Z');
    expect(await w.sweeper.sweep()).toMatchObject({ remindersQueued: 0 });
    expect(w.log.lines.some((l) => l.level === 'warn' && l.message.includes('nobody can be reminded'))).toBe(true);
  });

  it('backs off exponentially, then dead-letters after the last attempt, visibly in the logs', async () => {
    sender.fail = () => new Error('socket hang up');
    const times: string[] = [];
    for (let i = 0; i < 3; i++) {
      await w.sweeper.sweep();
      const e = (await stored()).outbox[0];
      if (e?.nextAttemptAt) {
        times.push(e.nextAttemptAt);
        clock.set(e.nextAttemptAt);
      }
    }
    // Equal jitter with random() = 0: half of 60 s, then half of 120 s.
    expect(times).toEqual(['2026-11-09T15:00:30.000Z', '2026-11-09T15:01:30.000Z']);
    const o = await stored();
    expect(o.outbox).toEqual([]);
    expect(o.deadLetters).toEqual([expect.objectContaining({ reason: 'gave up after 3 attempts; last: error: socket hang up' })]);
    expect(w.log.lines.filter((l) => l.level === 'error').map((l) => l.message)).toEqual(['notification dead-lettered']);
    expect(sender.reminders()).toEqual([]);
  });

  it('dead-letters at once what the receiver refuses for good', async () => {
    sender.fail = () => new DeliveryError('fatal', 'Bad Request', { status: 400 });
    expect(await w.sweeper.sweep()).toMatchObject({ deadLettered: 1 });
    expect((await stored()).deadLetters?.[0]?.event.kind).toBe('teams-notice');
  });
});

describe('retry timing', () => {
  const policy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 8_000 };
  it('grows exponentially with jitter between half and all of the delay, capped', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(policy, n, () => 0))).toEqual([500, 1_000, 2_000, 4_000, 4_000]);
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(policy, n, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
  });

  it('never retries before Retry-After, in seconds or as an HTTP date', () => {
    expect(retryDelayMs(policy, 1, () => 0, 30_000)).toBe(30_000);
    expect(parseRetryAfter('7', 0)).toBe(7_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', Date.parse('Wed, 21 Oct 2026 07:27:00 GMT'))).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});
