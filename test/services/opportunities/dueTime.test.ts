import { dueTimeOf } from '../../../services/opportunities/dueTime';
import { transition } from '../../../services/opportunities/lifecycle';
import { revisionOf } from '../../../services/opportunities/revision';
import { makeOpportunity } from '../../helpers/opportunities';

const at = new Date('2026-11-05T12:00:00.000Z');

describe('the due time, derived from the document', () => {
  it('is the earliest of the next reminder check, the expiry and the next delivery attempt', () => {
    const o = makeOpportunity({ expirationDateTime: '2026-11-15T09:00:00+02:00', nextReminderAt: '2026-11-08T09:00:00.000Z' });
    expect(dueTimeOf(o)).toBe('2026-11-08T09:00:00.000Z');
    expect(dueTimeOf({ ...o, nextReminderAt: undefined })).toBe('2026-11-15T07:00:00.000Z');
    const queued = { ...o, outbox: [{ id: 'e1', kind: 'teams-cards' as const, createdAt: '2026-11-06T00:00:00.000Z', nextAttemptAt: '2026-11-07T00:00:00.000Z' }] };
    expect(dueTimeOf(queued)).toBe('2026-11-07T00:00:00.000Z');
  });

  it('keeps an archived referral due until its notifications are delivered, then never', () => {
    const expired = transition(makeOpportunity(), 'expire', { at });
    expect(dueTimeOf(expired)).toBeUndefined();
    expect(dueTimeOf({ ...expired, outbox: [{ id: 'e', kind: 'teams-cards', createdAt: at.toISOString() }] })).toBe(at.toISOString());
  });

  it('watches an outbound co-sell request until its owner is told Microsoft did not engage', () => {
    const deal = makeOpportunity({ direction: 'Outgoing', type: 'Shared', status: 'Active', substatus: 'Accepted', expirationDateTime: '2026-11-19T12:00:00.000Z' });
    expect(dueTimeOf(deal)).toBe('2026-11-19T12:00:00.000Z');
    expect(dueTimeOf({ ...deal, remindersDone: ['cosellWindow@2026-11-19T12:00:00.000Z'] })).toBeUndefined();
    expect(dueTimeOf(transition(deal, 'continuePrivate', { at }))).toBeUndefined();
  });
});

describe('the revision a card is drawn from', () => {
  it('ignores the sweeper’s bookkeeping but changes with anything a person sees', () => {
    const o = makeOpportunity();
    const booked = { ...o, remindersDone: ['7d@x'], nextReminderAt: at.toISOString(), dueDateTime: undefined, outbox: [{ id: 'e', kind: 'teams-cards' as const, createdAt: at.toISOString() }] };
    expect(revisionOf(booked)).toBe(revisionOf(o));
    expect(revisionOf({ ...o, favorite: true })).not.toBe(revisionOf(o));
    expect(revisionOf(JSON.parse(JSON.stringify(o)))).toBe(revisionOf(o));
  });
});
