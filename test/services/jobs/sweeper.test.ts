import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../services/clock';
import type { SweepReport } from '../../../services/jobs/sweeper';
import { makeOpportunity } from '../../helpers/opportunities';
import { inboundReferral } from '../../helpers/referrals';
import { makeWorld, personalChat, RecordingSender, TENANT, type SweepWorld } from '../../helpers/sweepWorld';

const T = '2026-11-02T15:00:00.000Z';
const HOUR = 60 * 60 * 1000;
const EXPIRY = '2026-11-16T15:00:00.000Z';

describe('the sweeper, on an injected clock', () => {
  let dir: string;
  let path: string;
  let clock: ManualClock;
  const open: SweepWorld[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cosell-sweep-'));
    path = join(dir, 'cosell.db');
    clock = new ManualClock(T);
  });
  afterEach(async () => {
    for (const w of open.splice(0)) await w.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function world(sender: RecordingSender): SweepWorld {
    const w = makeWorld(path, clock, sender);
    open.push(w);
    return w;
  }

  async function setUp(w: SweepWorld, timeZone?: string) {
    await w.roles.ensureFirstAdmin(TENANT, { userId: 'aad-avery', name: 'Avery Admin' });
    await w.conversations.save(personalChat('aad-avery', timeZone ? { timeZone } : {}));
    return (await w.referrals.receiveReferral(inboundReferral())).opportunity;
  }

  /** Sweeps every hour from now until `until` (inclusive), with each group of sweepers in parallel. */
  async function sweepHourly(sweepers: SweepWorld[], until: string): Promise<SweepReport[]> {
    const reports: SweepReport[] = [];
    while (clock.now().getTime() <= new Date(until).getTime()) {
      reports.push(...(await Promise.all(sweepers.map((w) => w.sweeper.sweep()))));
      clock.advance(HOUR);
    }
    return reports;
  }

  const total = (reports: SweepReport[], field: keyof SweepReport) => reports.reduce((n, r) => n + Number(r[field]), 0);

  it('sends exactly the reminders at 7, 3 and 1 day before expiry, and expires the referral at T+14d', async () => {
    const sender = new RecordingSender(clock);
    const w = world(sender);
    const referral = await setUp(w);
    const reports = await sweepHourly([w], '2026-11-17T15:00:00.000Z');

    expect(sender.reminders().map((d) => [d.reminderKey, d.at])).toEqual([
      [`7d@${EXPIRY}`, '2026-11-09T15:00:00.000Z'],
      [`3d@${EXPIRY}`, '2026-11-13T15:00:00.000Z'],
      [`1d@${EXPIRY}`, '2026-11-15T15:00:00.000Z'],
    ]);
    expect(new Set(sender.received.map((d) => d.id)).size).toBe(sender.received.length);
    expect(sender.reminders().every((d) => d.conversationId === 'a:chat-aad-avery' && d.substatus === 'Received')).toBe(true);

    const stored = (await w.opportunities.get(TENANT, referral.value.id))!.value;
    expect(stored).toMatchObject({ status: 'Closed', substatus: 'Expired', closedDateTime: EXPIRY, outbox: [] });
    expect(stored.dueDateTime).toBeUndefined();
    // At expiry: the owner's notice, the posted cards redrawn, and the sender told, all at T+14d.
    const atExpiry = sender.received.filter((d) => d.at === EXPIRY);
    expect(atExpiry.map((d) => [d.kind, d.notice ?? null])).toEqual([
      ['referral-updated', null],
      ['teams-notice', 'expired'],
      ['teams-cards', null],
    ]);
    expect(sender.received.filter((d) => d.at > EXPIRY)).toEqual([]);
    expect(total(reports, 'remindersQueued')).toBe(3);
    expect(total(reports, 'remindersSent')).toBe(3);
    expect(total(reports, 'referralsExpired')).toBe(1);
    expect(total(reports, 'delivered')).toBe(6);
  });

  it('adds the last morning at 9:00 in the recipient’s time zone when Teams told us it', async () => {
    const sender = new RecordingSender(clock);
    const w = world(sender);
    await setUp(w, 'America/Los_Angeles');
    await sweepHourly([w], EXPIRY);
    // Expiry is 07:00 in Los Angeles on the 16th, so the last morning is the 15th at 09:00 (17:00 UTC).
    expect(sender.reminders().map((d) => [d.reminderKey?.split('@')[0], d.at])).toEqual([
      ['7d', '2026-11-09T15:00:00.000Z'],
      ['3d', '2026-11-13T15:00:00.000Z'],
      ['1d', '2026-11-15T15:00:00.000Z'],
      ['lastMorning', '2026-11-15T17:00:00.000Z'],
    ]);
  });

  it('follows the tenant’s own schedule', async () => {
    const sender = new RecordingSender(clock);
    const w = world(sender);
    await w.settings.setReminderSchedule(TENANT, { daysBefore: [10, 2], lastMorningHour: null }, 'aad-avery');
    await setUp(w, 'Europe/Warsaw');
    await sweepHourly([w], EXPIRY);
    expect(sender.reminders().map((d) => d.at)).toEqual(['2026-11-06T15:00:00.000Z', '2026-11-14T15:00:00.000Z']);
  });

  it('survives a restart between reminders: new instances over the same file repeat nothing and miss nothing', async () => {
    const sender = new RecordingSender(clock);
    const first = world(sender);
    await setUp(first);
    await sweepHourly([first], '2026-11-10T00:00:00.000Z');
    expect(sender.reminders()).toHaveLength(1);
    await first.close();
    open.splice(open.indexOf(first), 1);

    const second = world(sender);
    await sweepHourly([second], '2026-11-17T00:00:00.000Z');
    expect(sender.reminders().map((d) => d.at)).toEqual(['2026-11-09T15:00:00.000Z', '2026-11-13T15:00:00.000Z', '2026-11-15T15:00:00.000Z']);
    expect(sender.received.filter((d) => d.notice === 'expired')).toHaveLength(1);
  });

  it('sends each reminder once when two instances sweep at the same moments', async () => {
    const a = new RecordingSender(clock);
    const b = new RecordingSender(clock);
    const one = world(a);
    const two = world(b);
    await setUp(one);
    const reports = await sweepHourly([one, two], '2026-11-17T00:00:00.000Z');
    const all = [...a.received, ...b.received];
    expect(all.filter((d) => d.notice === 'reminder')).toHaveLength(3);
    expect(new Set(all.map((d) => d.id)).size).toBe(all.length);
    // Each time, exactly one of them held the lease and did the work.
    expect(reports.filter((r) => r.ran).length).toBe(reports.length / 2);
  });

  it('a catch-up after downtime sends only the latest due reminder and marks the older one done', async () => {
    const sender = new RecordingSender(clock);
    const w = world(sender);
    const referral = await setUp(w);
    await w.sweeper.sweep();
    clock.set('2026-11-13T16:00:00.000Z'); // down from before the 7-day reminder until after the 3-day one
    const report = await w.sweeper.sweep();
    expect(report).toMatchObject({ remindersQueued: 1, remindersSkipped: 1, remindersSent: 1 });
    expect(sender.reminders().map((d) => d.reminderKey?.split('@')[0])).toEqual(['3d']);
    const stored = (await w.opportunities.get(TENANT, referral.value.id))!.value;
    expect(stored.remindersDone).toEqual([`3d@${EXPIRY}`, `7d@${EXPIRY}`]);
    expect(stored.dueDateTime).toBe('2026-11-15T15:00:00.000Z');
  });

  it('reminds nobody who said "reminders off", and drops reminders of a referral answered meanwhile', async () => {
    const sender = new RecordingSender(clock);
    const w = world(sender);
    const referral = await setUp(w);
    await w.roles.grant(TENANT, { userId: 'aad-avery' }, { userId: 'aad-robin', name: 'Robin' }, 'ReferralsAdmin');
    await w.conversations.save(personalChat('aad-robin'));
    await w.preferences.setReminders(TENANT, 'aad-robin', false);
    await sweepHourly([w], '2026-11-09T15:00:00.000Z');
    expect(sender.reminders().map((d) => d.conversationId)).toEqual(['a:chat-aad-avery']);

    // The 3-day reminder is queued, then the referral is accepted before it goes out.
    sender.fail = () => new Error('connector down');
    clock.set('2026-11-13T15:00:00.000Z');
    await w.sweeper.sweep();
    sender.fail = undefined;
    const current = (await w.opportunities.get(TENANT, referral.value.id))!;
    expect(current.value.outbox.map((e) => e.kind)).toEqual(['teams-notice']);
    const { revisionOf } = await import('../../../services/opportunities/revision');
    await w.referrals.accept({ tenantId: TENANT, id: referral.value.id, version: revisionOf(current.value) }, { userId: 'aad-avery' }, {
      name: 'Deal',
      dealValue: 1,
      currency: 'USD',
      closingDateTime: '2027-01-01T00:00:00.000Z',
      team: [{ firstName: 'A', lastName: 'B', email: 'a@b.example', phoneNumber: '+1 555 0100' }],
    });
    clock.advance(HOUR);
    const report = await w.sweeper.sweep();
    expect(report).toMatchObject({ dropped: 1, delivered: 0 });
    expect(sender.reminders()).toHaveLength(1);
    expect((await w.opportunities.get(TENANT, referral.value.id))!.value).toMatchObject({ outbox: [], substatus: 'Accepted' });
  });

  it('tells an outbound co-sell request’s owner, once, when Microsoft has not engaged in 14 days', async () => {
    const sender = new RecordingSender(clock);
    const w = world(sender);
    await w.roles.ensureFirstAdmin(TENANT, { userId: 'aad-avery', name: 'Avery Admin' });
    await w.conversations.save(personalChat('aad-avery'));
    await w.conversations.save(personalChat('aad-sam'));
    const deal = makeOpportunity({
      id: 'deal-1',
      direction: 'Outgoing',
      type: 'Shared',
      status: 'Active',
      substatus: 'Accepted',
      createdBy: { userId: 'aad-sam', name: 'Sam' },
      createdDateTime: T,
      expirationDateTime: '2026-11-16T15:00:00.000Z',
    });
    await w.opportunities.create(deal);
    const reports = await sweepHourly([w], '2026-11-18T00:00:00.000Z');
    expect(sender.received.map((d) => [d.notice, d.conversationId, d.at])).toEqual([['cosellUnengaged', 'a:chat-aad-sam', '2026-11-16T15:00:00.000Z']]);
    expect(total(reports, 'cosellRequestsUnengaged')).toBe(1);
    const stored = (await w.opportunities.get(TENANT, 'deal-1'))!.value;
    expect(stored).toMatchObject({ substatus: 'Accepted', type: 'Shared', outbox: [] });
    expect(stored.dueDateTime).toBeUndefined();
  });

  it('posts a new referral’s card from the outbox if the process died before posting it', async () => {
    const sender = new RecordingSender(clock);
    const w = world(sender);
    await w.roles.ensureFirstAdmin(TENANT, { userId: 'aad-avery', name: 'Avery Admin' });
    await w.conversations.save(personalChat('aad-avery'));
    // Stored with its announcement queued, and nothing else happened (the immediate post never ran).
    const { opportunity } = await w.referrals.receiveReferral(inboundReferral(), { announce: true });
    expect(opportunity.value.outbox.map((e) => e.kind)).toEqual(['teams-announce']);
    expect(await w.sweeper.sweep()).toMatchObject({ delivered: 1 });
    expect(sender.received.map((d) => [d.kind, d.id])).toEqual([['teams-announce', `${opportunity.value.id}:announce`]]);
    expect((await w.opportunities.get(TENANT, opportunity.value.id))!.value.outbox).toEqual([]);
  });
});
