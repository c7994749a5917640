import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../services/clock';
import { DeliveryError } from '../../../services/notifications/deliveryError';
import { TeamsSendLimiter } from '../../../services/notifications/rateLimiter';
import { PacerClosedError, SendPacer, type Timer } from '../../../services/notifications/sendPacer';
import { inboundReferral } from '../../helpers/referrals';
import { makeWorld, personalChat, RecordingSender, TENANT } from '../../helpers/sweepWorld';

/** A timer whose sleeps end only when the test says so. */
class HeldTimer implements Timer {
  now = 0;
  readonly sleeping: number[] = [];
  nowMs(): number {
    return this.now;
  }
  sleep(ms: number): Promise<void> {
    this.sleeping.push(ms);
    return new Promise(() => undefined);
  }
}

const ONE_PER_SECOND = { perConversation: [{ limit: 1, perMs: 1_000 }], perTenant: [{ limit: 50, perMs: 1_000 }] };

describe('send pacer', () => {
  it('lets a send go at once within the limits and holds the next one for its turn', async () => {
    const timer = new HeldTimer();
    const pacer = new SendPacer(new TeamsSendLimiter(ONE_PER_SECOND, { margin: 0 }), timer);
    await pacer.waitTurn('t', 'c');
    void pacer.waitTurn('t', 'c');
    expect(timer.sleeping).toEqual([1_000]);
  });

  it('refuses, as throttled and without reserving a turn, a send whose turn is further off than it may wait', async () => {
    const timer = new HeldTimer();
    const pacer = new SendPacer(new TeamsSendLimiter(ONE_PER_SECOND, { margin: 0 }), timer, 500);
    await pacer.waitTurn('t', 'c');
    for (let i = 0; i < 2; i++) {
      const refused = await pacer.waitTurn('t', 'c').then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(DeliveryError);
      expect(refused).toMatchObject({ disposition: 'retry', details: { throttled: true, retryAfterMs: 1_000 } });
    }
    expect(timer.sleeping).toEqual([]);
    // Once the turn is near enough, the send waits for it as usual.
    timer.now = 600;
    void pacer.waitTurn('t', 'c');
    expect(timer.sleeping).toEqual([400]);
  });

  it('releases every waiting send when closed, and refuses new ones, so stopping never waits for Teams limits', async () => {
    const timer = new HeldTimer();
    const pacer = new SendPacer(new TeamsSendLimiter(ONE_PER_SECOND, { margin: 0 }), timer);
    await pacer.waitTurn('t', 'c');
    const waiting = [pacer.waitTurn('t', 'c'), pacer.waitTurn('t', 'c')];
    pacer.close();
    for (const w of waiting) await expect(w).rejects.toBeInstanceOf(PacerClosedError);
    await expect(pacer.waitTurn('t', 'other')).rejects.toBeInstanceOf(PacerClosedError);
  });

  it('a sweep stopped by a closing pacer leaves the reminder queued as it was, and delivers it next time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cosell-pacer-'));
    const clock = new ManualClock('2026-11-02T15:00:00.000Z');
    const sender = new RecordingSender(clock);
    const w = makeWorld(join(dir, 'cosell.db'), clock, sender);
    try {
      await w.roles.ensureFirstAdmin(TENANT, { userId: 'aad-avery', name: 'Avery Admin' });
      await w.conversations.save(personalChat('aad-avery'));
      const id = (await w.referrals.receiveReferral(inboundReferral())).opportunity.value.id;
      await w.sweeper.sweep(); // plans the reminders
      clock.set('2026-11-09T15:00:00.000Z');

      sender.fail = () => new PacerClosedError();
      const stopped = await w.sweeper.sweep();
      expect(stopped).toMatchObject({ remindersQueued: 1, delivered: 0, retried: 0, failed: 0, more: true });
      const queued = (await w.opportunities.get(TENANT, id))!.value.outbox;
      expect(queued).toEqual([expect.objectContaining({ kind: 'teams-notice', notice: 'reminder' })]);
      expect(queued[0]!.attempts ?? 0).toBe(0);
      expect(queued[0]!.nextAttemptAt).toBeUndefined();

      sender.fail = undefined;
      expect(await w.sweeper.sweep()).toMatchObject({ delivered: 1, remindersSent: 1, more: false });
      expect((await w.opportunities.get(TENANT, id))!.value.outbox).toEqual([]);
    } finally {
      await w.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
