import { decideReminders, planReminders } from '../../../services/reminders/reminderSchedule';

const received = new Date('2026-11-01T15:00:00.000Z');
const expires = new Date('2026-11-15T15:00:00.000Z');

describe('the reminder schedule of a referral', () => {
  it('plans 7, 3 and 1 day before expiry by default', () => {
    expect(planReminders(expires, received).map((p) => [p.key, p.at.toISOString()])).toEqual([
      ['7d', '2026-11-08T15:00:00.000Z'],
      ['3d', '2026-11-12T15:00:00.000Z'],
      ['1d', '2026-11-14T15:00:00.000Z'],
    ]);
  });

  it('adds the last morning at 9:00 in the recipient\'s time zone when known', () => {
    // 15:00 UTC is 07:00 in Los Angeles on the 15th: before 9:00, so the last morning is the 14th.
    const la = planReminders(expires, received, undefined, 'America/Los_Angeles');
    expect(la.find((p) => p.key === 'lastMorning')?.at.toISOString()).toBe('2026-11-14T17:00:00.000Z');
    // In Warsaw it is 16:00 on the 15th: the last morning is that same day at 9:00 (08:00 UTC).
    const waw = planReminders(expires, received, undefined, 'Europe/Warsaw');
    expect(waw.find((p) => p.key === 'lastMorning')?.at.toISOString()).toBe('2026-11-15T08:00:00.000Z');
    expect(waw.map((p) => p.key)).toEqual(['7d', '3d', '1d', 'lastMorning']);
  });

  it('ignores an unknown time zone instead of failing', () => {
    expect(planReminders(expires, received, undefined, 'Mars/Olympus').map((p) => p.key)).toEqual(['7d', '3d', '1d']);
  });

  it('skips reminders that would come before the referral arrived', () => {
    const late = new Date('2026-11-13T00:00:00.000Z');
    expect(planReminders(expires, late).map((p) => p.key)).toEqual(['1d']);
  });

  it('sends the latest due reminder once, skips stale ones, and knows the next', () => {
    const plan = planReminders(expires, received);
    expect(decideReminders(plan, [], new Date('2026-11-05T00:00:00Z'))).toEqual({ skip: [], next: plan[0]!.at, send: undefined });
    const afterDowntime = decideReminders(plan, [], new Date('2026-11-12T16:00:00Z'));
    expect(afterDowntime.send?.key).toBe('3d');
    expect(afterDowntime.skip.map((p) => p.key)).toEqual(['7d']);
    expect(afterDowntime.next?.toISOString()).toBe('2026-11-14T15:00:00.000Z');
    expect(decideReminders(plan, ['7d', '3d'], new Date('2026-11-12T16:00:00Z')).send).toBeUndefined();
  });
});
