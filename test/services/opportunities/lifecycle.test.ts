import { IllegalTransitionError } from '../../../services/errors';
import { allowedActions, transition, type LifecycleAction } from '../../../services/opportunities/lifecycle';
import { stageOf } from '../../../services/opportunities/opportunity';
import { makeOpportunity } from '../../helpers/opportunities';

const at = new Date('2026-11-05T12:00:00.000Z');
const received = makeOpportunity();
const accepted = transition(received, 'accept', { at, byUserId: 'u1', byName: 'Avery' });

describe('the opportunity lifecycle', () => {
  it('moves Received → Accepted on accept, recording who and when', () => {
    expect(accepted).toMatchObject({ status: 'Active', substatus: 'Accepted', acceptedDateTime: at.toISOString() });
    expect(stageOf(accepted)).toBe('Accepted');
    expect(accepted.history.at(-1)).toEqual({ at: at.toISOString(), action: 'accept', byUserId: 'u1', byName: 'Avery' });
    expect(received.status).toBe('New');
  });

  it.each<[LifecycleAction, string]>([
    ['decline', 'Declined'],
    ['expire', 'Expired'],
  ])('archives a received referral on %s as %s, and clears its due time', (action, substatus) => {
    const o = transition(received, action, { at });
    expect(o).toMatchObject({ status: 'Closed', substatus, closedDateTime: at.toISOString() });
    expect(o.dueDateTime).toBeUndefined();
    expect(stageOf(o)).toBe('Archived');
  });

  it.each<[LifecycleAction, string]>([
    ['win', 'Won'],
    ['lose', 'Lost'],
  ])('archives an accepted deal on %s as %s', (action, substatus) => {
    expect(transition(accepted, action, { at })).toMatchObject({ status: 'Closed', substatus });
  });

  it('refuses won/lost before acceptance, and anything once archived, with a typed error', () => {
    expect(() => transition(received, 'win', { at })).toThrow(IllegalTransitionError);
    const archived = transition(accepted, 'win', { at });
    for (const a of ['accept', 'decline', 'expire', 'win', 'lose', 'edit', 'inviteMicrosoft'] as LifecycleAction[]) {
      expect(() => transition(archived, a, { at })).toThrow(IllegalTransitionError);
    }
    // Only the heart stays: favorites span every stage.
    expect(allowedActions(archived)).toEqual(['favorite']);
  });

  it('upgrades an open private pipeline deal to co-sell, and only that', () => {
    const privateDeal = makeOpportunity({ direction: 'Outgoing', type: 'Independent', status: 'Active', substatus: 'Accepted' });
    expect(allowedActions(privateDeal)).toContain('inviteMicrosoft');
    expect(transition(privateDeal, 'inviteMicrosoft', { at }).type).toBe('Shared');
    expect(allowedActions(accepted)).not.toContain('inviteMicrosoft');
  });

  it('offers accept and decline on a received referral', () => {
    expect(allowedActions(received)).toEqual(['accept', 'decline', 'expire', 'favorite', 'senderUpdate']);
  });
});

describe('the end of Microsoft’s 14 days on an outbound co-sell request', () => {
  const cosell = makeOpportunity({ direction: 'Outgoing', type: 'Shared', status: 'Active', substatus: 'Accepted', expirationDateTime: '2026-11-19T12:00:00.000Z' });

  it('lets the owner keep it as co-sell (recorded) or continue it as private pipeline', () => {
    expect(allowedActions(cosell)).toEqual(expect.arrayContaining(['keepCosell', 'continuePrivate']));
    const kept = transition(cosell, 'keepCosell', { at, byName: 'Avery' });
    expect(kept).toMatchObject({ type: 'Shared', substatus: 'Accepted' });
    expect(kept.history.at(-1)?.action).toBe('keepCosell');
    const alone = transition(cosell, 'continuePrivate', { at });
    expect(alone).toMatchObject({ type: 'Independent', substatus: 'Accepted', expirationDateTime: undefined });
    // A private pipeline deal can invite Microsoft again later.
    expect(allowedActions(alone)).toContain('inviteMicrosoft');
  });

  it('offers neither on an inbound referral or a private deal', () => {
    expect(allowedActions(accepted)).not.toContain('continuePrivate');
    expect(() => transition(transition(cosell, 'continuePrivate', { at }), 'continuePrivate', { at })).toThrow(IllegalTransitionError);
  });
});
