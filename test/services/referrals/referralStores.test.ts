import { ManualClock } from '../../../services/clock';
import { ConversationRepository } from '../../../services/conversations/conversationRepository';
import { PostedCardRepository } from '../../../services/conversations/postedCardRepository';
import { OpportunityRepository } from '../../../services/opportunities/opportunityRepository';
import { ReferralService } from '../../../services/referrals/referralService';
import { TenantSettingsService } from '../../../services/settings/tenantSettingsService';
import { CosmosStore } from '../../../services/store/cosmosStore';
import type { DocumentStore } from '../../../services/store/documentStore';
import { SqliteStore } from '../../../services/store/sqliteStore';
import { startCosmosServer, type CosmosTestServer } from '../../helpers/cosmosServer';
import { inboundReferral } from '../../helpers/referrals';
import { revisionOf } from '../../../services/opportunities/revision';
import { OPPORTUNITIES } from '../../../services/store/collections';

let cosmos: CosmosTestServer;
beforeAll(async () => {
  cosmos = await startCosmosServer();
});
afterAll(async () => {
  await cosmos.stop();
});

let n = 0;
const backends: Array<[string, () => Promise<DocumentStore>]> = [
  ['SQLite', async () => new SqliteStore(':memory:')],
  ['Cosmos DB', async () => new CosmosStore({ endpoint: cosmos.endpoint, key: cosmos.key, agent: cosmos.agent, database: `referrals-${n++}`, createIfMissing: true })],
];

describe.each(backends)('referral records on %s', (_name, open) => {
  let store: DocumentStore;
  const clock = new ManualClock('2026-11-05T09:00:00.000Z');

  beforeEach(async () => {
    store = await open();
    await store.init();
  });
  afterEach(() => store.close());

  it('one referral per external id under concurrent deliveries; one winner among concurrent answers; the outbox rides along', async () => {
    const referrals = new ReferralService(new OpportunityRepository(store), clock);
    const results = await Promise.all(Array.from({ length: 5 }, () => referrals.receiveReferral(inboundReferral())));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const { opportunity } = results[0]!;
    const ref = { tenantId: 'tenant-a', id: opportunity.value.id, version: revisionOf(opportunity.value) };
    const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => referrals.decline(ref, { userId: `u${i}` }, { reason: 1 })));
    expect(outcomes.filter((o) => o.kind === 'applied')).toHaveLength(1);
    const stored = await new OpportunityRepository(store).findByExternalId('tenant-a', 'pc-ref-0001');
    expect(stored?.value.outbox).toHaveLength(1);
  });

  it('stores each version with its revision: read back, it is the revision of what was stored; a version without one is hashed', async () => {
    const repo = new OpportunityRepository(store);
    const referrals = new ReferralService(repo, clock);
    const { opportunity } = await referrals.receiveReferral(inboundReferral());
    const { revision: _stamped, ...content } = opportunity.value;
    expect(opportunity.value.revision).toBe(revisionOf(JSON.parse(JSON.stringify(content)) as typeof content));
    const read = (await repo.get('tenant-a', opportunity.value.id))!;
    expect(revisionOf(read.value)).toBe(opportunity.value.revision);
    // A person's change: a new revision, stored with the new version, and the old card is stale.
    const ref = { tenantId: 'tenant-a', id: read.value.id, version: revisionOf(read.value) };
    const applied = await referrals.toggleFavorite(ref, { userId: 'u1' });
    expect(applied.kind).toBe('applied');
    const after = (await repo.get('tenant-a', read.value.id))!;
    expect(after.value.revision).not.toBe(read.value.revision);
    expect(revisionOf(after.value)).toBe(after.value.revision);
    expect((await referrals.toggleFavorite(ref, { userId: 'u2' })).kind).toBe('stale');
    // Bookkeeping only (the sweeper's): same revision, so a card drawn before still works.
    const booked = await repo.replace({ ...after.value, nextReminderAt: '2026-11-06T09:00:00.000Z' }, after.etag);
    expect(booked.value.revision).toBe(after.value.revision);
    // Every write stamps it, even one around the repository; hashing the content gives the same value
    // (what a version stored before revisions were kept gets).
    const direct = await store.collection(OPPORTUNITIES).replace({ ...booked.value, revision: undefined }, booked.etag);
    expect(direct.value.revision).toBe(after.value.revision);
    const { revision: _r, ...unstamped } = direct.value;
    expect(revisionOf(unstamped)).toBe(after.value.revision);
  });

  it('keeps conversations, posted cards and the referrals channel per tenant', async () => {
    const conversations = new ConversationRepository(store);
    const base = { tenantId: 'tenant-a', channelId: 'msteams', serviceUrl: 'https://smba.example/amer/', bot: { id: '28:bot' } };
    await conversations.save({ ...base, conversationId: 'a:1', kind: 'personal', user: { id: '29:a', aadObjectId: 'aad-a' }, userKey: 'aad-a', updatedAt: '2026-11-05T09:00:00.000Z' });
    await conversations.save({ ...base, conversationId: '19:x@thread.tacv2', kind: 'channel', updatedAt: '2026-11-05T09:01:00.000Z' });
    await conversations.save({ ...base, tenantId: 'tenant-b', conversationId: 'a:2', kind: 'personal', userKey: 'aad-a', updatedAt: '2026-11-05T09:02:00.000Z' });
    expect((await conversations.personalChatOf('tenant-a', 'aad-a'))?.conversationId).toBe('a:1');
    expect((await conversations.list('tenant-a')).items.map((c) => c.conversationId)).toEqual(['19:x@thread.tacv2', 'a:1']);
    const page1 = await conversations.list('tenant-a', { pageSize: 1 });
    const page2 = await conversations.list('tenant-a', { pageSize: 1, continuation: page1.continuation });
    expect([...page1.items, ...page2.items].map((c) => c.conversationId)).toEqual(['19:x@thread.tacv2', 'a:1']);
    expect(await conversations.remove('tenant-a', 'a:1')).toBe(true);
    expect(await conversations.personalChatOf('tenant-a', 'aad-a')).toBeUndefined();

    const posted = new PostedCardRepository(store, clock);
    await Promise.all([posted.record('tenant-a', 'opp-1', { conversationId: 'a:1', activityId: '1' }), posted.record('tenant-a', 'opp-1', { conversationId: 'a:3', activityId: '2' })]);
    expect((await posted.list('tenant-a', 'opp-1')).map((c) => c.activityId).sort()).toEqual(['1', '2']);

    const settings = new TenantSettingsService(store, clock);
    await settings.setReferralsChannel('tenant-a', '19:x@thread.tacv2', 'aad-a');
    expect((await settings.get('tenant-a')).referralsChannel?.conversationId).toBe('19:x@thread.tacv2');
    expect((await settings.get('tenant-b')).referralsChannel).toBeUndefined();
  });
});
