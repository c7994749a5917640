import { ManualClock } from '../../../services/clock';
import { IllegalTransitionError, NotFoundError, ValidationError } from '../../../services/errors';
import { OpportunityRepository } from '../../../services/opportunities/opportunityRepository';
import { ReferralService, type CardRef } from '../../../services/referrals/referralService';
import { SqliteStore } from '../../../services/store/sqliteStore';
import type { Versioned } from '../../../services/store/documentStore';
import type { Opportunity } from '../../../services/opportunities/opportunity';
import { inboundReferral } from '../../helpers/referrals';
import { revisionOf } from '../../../services/opportunities/revision';

const avery = { userId: 'aad-avery', name: 'Avery Admin' };
const employee = { firstName: 'Avery', lastName: 'Admin', email: 'avery@fabrikam.example', phoneNumber: '+1 425 555 0101' };
const acceptInput = {
  name: 'Contoso warehouse',
  dealValue: 300000,
  currency: 'USD',
  closingDateTime: '2027-02-01T00:00:00.000Z',
  team: [employee],
};

describe('referrals: how they arrive and what people do with them', () => {
  let store: SqliteStore;
  let repo: OpportunityRepository;
  let clock: ManualClock;
  let service: ReferralService;

  beforeEach(async () => {
    store = new SqliteStore(':memory:');
    await store.init();
    repo = new OpportunityRepository(store);
    clock = new ManualClock('2026-11-05T09:00:00.000Z');
    service = new ReferralService(repo, clock);
  });
  afterEach(() => store.close());

  const ref = (v: Versioned<Opportunity>): CardRef => ({ tenantId: v.value.tenantId, id: v.value.id, version: revisionOf(v.value) });
  const receive = async () => (await service.receiveReferral(inboundReferral())).opportunity;
  const receive2 = async () => (await service.receiveReferral(inboundReferral({ id: 'second-referral' }))).opportunity;

  it('stores a new referral as inbound/Received, expiring 14 days after arrival, due now for reminder planning', async () => {
    const { created, opportunity } = await service.receiveReferral(inboundReferral());
    expect(created).toBe(true);
    expect(opportunity.value).toMatchObject({
      tenantId: 'tenant-a',
      externalId: 'pc-ref-0001',
      direction: 'Incoming',
      status: 'New',
      substatus: 'Received',
      createdDateTime: '2026-11-05T09:00:00.000Z',
      expirationDateTime: '2026-11-19T09:00:00.000Z',
      nextReminderAt: '2026-11-05T09:00:00.000Z',
      dueDateTime: '2026-11-05T09:00:00.000Z',
      outbox: [],
    });
    expect(opportunity.value.history).toEqual([{ at: '2026-11-05T09:00:00.000Z', action: 'receive', byName: 'Sam Seller' }]);
  });

  it("keeps the sender's expiry when it gives one", async () => {
    const { opportunity } = await service.receiveReferral(inboundReferral({ expirationDateTime: '2026-11-08T00:00:00Z' }));
    expect(opportunity.value).toMatchObject({ expirationDateTime: '2026-11-08T00:00:00Z' });
  });

  it('is idempotent on the external id, also for concurrent deliveries', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => service.receiveReferral(inboundReferral())));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.opportunity.value.id)).size).toBe(1);
    expect((await repo.list('tenant-a')).items).toHaveLength(1);
    // The same external id in another tenant is another partner's referral.
    expect((await service.receiveReferral(inboundReferral({ tenantId: 'tenant-b' }))).created).toBe(true);
  });

  it('refuses an invalid referral, naming the field, and stores nothing', async () => {
    const bad = inboundReferral({ details: { dealValue: -5, currency: 'USD', closingDateTime: '2027-01-01T00:00:00Z' } });
    await expect(service.receiveReferral(bad)).rejects.toMatchObject({ problems: [expect.objectContaining({ path: 'details.dealValue' })] });
    expect((await repo.list('tenant-a')).items).toHaveLength(0);
  });

  it('accepts with the deal details and employees, recording who and when, and stops the expiry clock', async () => {
    const r = await receive();
    const outcome = await service.accept(ref(r), avery, acceptInput);
    expect(outcome.kind).toBe('applied');
    expect(outcome.current.value).toMatchObject({
      status: 'Active',
      substatus: 'Accepted',
      name: 'Contoso warehouse',
      team: [employee],
      details: { dealValue: 300000, closingDateTime: '2027-02-01T00:00:00.000Z' },
    });
    expect(outcome.current.value.dueDateTime).toBeUndefined();
    expect(outcome.current.value.history.at(-1)).toEqual({ at: '2026-11-05T09:00:00.000Z', action: 'accept', byUserId: 'aad-avery', byName: 'Avery Admin' });
  });

  it('answers a card drawn from an older version as stale, and writes nothing', async () => {
    const r = await receive();
    await service.toggleFavorite(ref(r), avery);
    const outcome = await service.accept(ref(r), avery, acceptInput);
    expect(outcome.kind).toBe('stale');
    expect((await repo.get('tenant-a', r.value.id))?.value.substatus).toBe('Received');
  });

  it('starts from the version the click already loaded, yet a change made after that load still wins', async () => {
    const r = await receive();
    // Loaded for the click; meanwhile someone else declines it.
    const loaded = (await repo.get('tenant-a', r.value.id))!;
    await service.decline(ref(r), { userId: 'other' }, { reason: 2 });
    const outcome = await service.accept({ ...ref(r), loaded }, avery, acceptInput);
    expect(outcome.kind).toBe('stale');
    const stored = (await repo.get('tenant-a', r.value.id))!.value;
    expect(stored.substatus).toBe('Declined');
    expect(stored.history.filter((h) => h.action === 'accept')).toHaveLength(0);
    // With nothing in between, the loaded version is applied as it is.
    const fresh = await receive2();
    const applied = await service.accept({ ...ref(fresh), loaded: fresh }, avery, acceptInput);
    expect(applied.kind).toBe('applied');
    expect((await repo.get('tenant-a', fresh.value.id))!.value.substatus).toBe('Accepted');
  });

  it('of many simultaneous answers exactly one wins; the rest see the winner', async () => {
    const r = await receive();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 ? service.decline(ref(r), { userId: `u${i}` }, { reason: 2 }) : service.accept(ref(r), { userId: `u${i}` }, acceptInput),
      ),
    );
    expect(outcomes.filter((o) => o.kind === 'applied')).toHaveLength(1);
    const stored = (await repo.get('tenant-a', r.value.id))!.value;
    expect(stored.history.filter((h) => h.action === 'accept' || h.action === 'decline')).toHaveLength(1);
    for (const o of outcomes) expect(o.current.value.substatus).toBe(stored.substatus);
  });

  it('declines with a reason, and queues the sender notification in the same document', async () => {
    const r = await receive();
    const outcome = await service.decline(ref(r), avery, { reason: 3, notes: 'They picked a competitor.' });
    const stored = (await repo.get('tenant-a', r.value.id))!.value;
    expect(stored).toMatchObject({ status: 'Closed', substatus: 'Declined', declineReason: 3, closingNotes: 'They picked a competitor.' });
    expect(stored.outbox).toEqual([
      {
        id: `${r.value.id}:declined`,
        kind: 'referral-updated',
        createdAt: '2026-11-05T09:00:00.000Z',
        payload: {
          eventName: 'referral-updated',
          referral: {
            id: 'pc-ref-0001',
            status: 'Closed',
            substatus: 'Declined',
            declineReason: 3,
            notes: 'They picked a competitor.',
            updatedDateTime: '2026-11-05T09:00:00.000Z',
          },
          sender: { organizationName: 'Microsoft', name: 'Sam Seller', email: 'sam@microsoft.example' },
        },
      },
    ]);
    expect(outcome.current.value.outbox).toHaveLength(1);
  });

  it('asks for notes when the decline reason is Other', async () => {
    const r = await receive();
    await expect(service.decline(ref(r), avery, { reason: 8 })).rejects.toThrow(ValidationError);
  });

  it('expires an unanswered referral only once its time is up, queueing the notification with it', async () => {
    const r = await receive();
    expect(await service.expire('tenant-a', r.value.id)).toBeUndefined();
    clock.set('2026-11-19T09:00:01.000Z');
    const expired = await service.expire('tenant-a', r.value.id);
    expect(expired?.value).toMatchObject({ status: 'Closed', substatus: 'Expired' });
    expect(expired?.value.outbox.map((e) => e.id)).toEqual([`${r.value.id}:expired`]);
    expect(await service.expire('tenant-a', r.value.id)).toBeUndefined();
  });

  it('refuses won before acceptance as not allowed, and asks for deal registration when a solution needs it', async () => {
    const r = await receive();
    expect((await service.markWon(ref(r), avery, { dealValue: 1, wonDateTime: '2026-11-05T00:00:00.000Z' })).kind).toBe('notAllowed');
    const accepted = (await service.accept(ref(r), avery, acceptInput)).current;
    const withRegistration = (
      await service.editSolutions(ref(accepted), avery, { solutions: [{ id: 's2', name: 'Azure IP app', requiresDealRegistration: true }] })
    ).current;
    await expect(service.markWon(ref(withRegistration), avery, { dealValue: 320000, wonDateTime: '2026-11-05T00:00:00.000Z' })).rejects.toThrow(
      ValidationError,
    );
    const won = await service.markWon(ref(withRegistration), avery, {
      dealValue: 320000,
      wonDateTime: '2026-11-05T00:00:00.000Z',
      dealRegistration: { customerTenantId: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b' },
    });
    expect(won.current.value).toMatchObject({ substatus: 'Won', details: { dealValue: 320000 }, dealRegistration: { customerTenantId: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b' } });
  });

  it('marks lost with a reason, toggles the heart in any stage without touching the close time', async () => {
    const accepted = (await service.accept(ref(await receive()), avery, acceptInput)).current;
    const lost = (await service.markLost(ref(accepted), avery, { reason: 'NoDecision' })).current;
    expect(lost.value).toMatchObject({ substatus: 'Lost', lostReason: 'NoDecision', closedDateTime: '2026-11-05T09:00:00.000Z' });
    clock.advance(60_000);
    const favorite = (await service.toggleFavorite(ref(lost), avery)).current;
    expect(favorite.value).toMatchObject({ favorite: true, closedDateTime: '2026-11-05T09:00:00.000Z' });
    expect((await service.toggleFavorite(ref(favorite), avery)).current.value.favorite).toBe(false);
  });

  it('applies the sender’s edits and closing through the lifecycle; a repeat changes nothing', async () => {
    const r = await receive();
    const edit = { eventType: 'referral-updated', tenantId: 'tenant-a', id: 'pc-ref-0001', details: { dealValue: 400000 } };
    const first = await service.applyReferralUpdate(edit);
    expect(first.changed).toBe(true);
    expect(first.opportunity.value.details.dealValue).toBe(400000);
    expect(first.opportunity.value.history.at(-1)?.action).toBe('senderUpdate');
    expect((await service.applyReferralUpdate(edit)).changed).toBe(false);

    const closed = await service.applyReferralUpdate({ ...edit, status: 'Closed', substatus: 'Expired', statusReason: 'Withdrawn by the seller' });
    expect(closed.opportunity.value).toMatchObject({ status: 'Closed', substatus: 'Expired', closingNotes: 'Withdrawn by the seller' });
    // Whoever closed it themselves needs no notification.
    expect(closed.opportunity.value.outbox).toEqual([]);
    expect((await service.applyReferralUpdate({ ...edit, status: 'Closed', substatus: 'Expired' })).changed).toBe(false);
    await expect(service.applyReferralUpdate({ ...edit, substatus: 'Won' })).rejects.toThrow(IllegalTransitionError);
    await expect(service.applyReferralUpdate({ ...edit, id: 'nope' })).rejects.toThrow(NotFoundError);
    expect(r.value.id).toBe(closed.opportunity.value.id);
  });

  it('invites Microsoft to a private pipeline deal: co-sell, consent recorded, 14 days to engage', async () => {
    const deal = await repo.create({
      ...(await receive()).value,
      id: 'private-1',
      externalId: undefined,
      direction: 'Outgoing',
      type: 'Independent',
      status: 'Active',
      substatus: 'Accepted',
    });
    const contact = { firstName: 'Dana', lastName: 'Reyes', email: 'dana@contoso.example', phoneNumber: '+1 206 555 0100' };
    const outcome = await service.inviteMicrosoft(ref(deal), avery, { helpCodes: [3], notes: 'Need a PoC', contact, consent: true });
    expect(outcome.current.value).toMatchObject({
      type: 'Shared',
      consent: { consentToShareReferralWithMicrosoftSellers: true, consentToContact: true },
      inviteContext: { helpCodes: [3], notes: 'Need a PoC' },
      expirationDateTime: '2026-11-19T09:00:00.000Z',
    });
    expect(outcome.current.value.customerProfile.team[0]).toEqual(contact);
  });
});
