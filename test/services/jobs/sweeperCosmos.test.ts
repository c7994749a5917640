import { ManualClock } from '../../../services/clock';
import { CosmosStore } from '../../../services/store/cosmosStore';
import { startCosmosServer, type CosmosTestServer } from '../../helpers/cosmosServer';
import { inboundReferral } from '../../helpers/referrals';
import { makeWorldOver, personalChat, RecordingSender, TENANT, type SweepWorld } from '../../helpers/sweepWorld';

const T = '2026-11-02T15:00:00.000Z';
const DAY = 24 * 60 * 60 * 1000;

describe('the sweep on Azure Cosmos DB (Cosmos-protocol server)', () => {
  let server: CosmosTestServer;
  const worlds: SweepWorld[] = [];

  beforeAll(async () => {
    server = await startCosmosServer();
  });
  afterAll(async () => {
    for (const w of worlds) await w.close();
    await server.stop();
  });

  async function instance(database: string, clock: ManualClock, sender: RecordingSender): Promise<SweepWorld> {
    const store = new CosmosStore({ endpoint: server.endpoint, key: server.key, agent: server.agent, database, createIfMissing: true });
    await store.init();
    const w = makeWorldOver(store, clock, sender);
    worlds.push(w);
    return w;
  }

  it('two instances over one database send each reminder once and expire the referral at T+14d', async () => {
    const clock = new ManualClock(T);
    const a = new RecordingSender(clock);
    const b = new RecordingSender(clock);
    const one = await instance('cosell-sweep-1', clock, a);
    const two = await instance('cosell-sweep-1', clock, b);
    await one.roles.ensureFirstAdmin(TENANT, { userId: 'aad-avery', name: 'Avery' });
    await one.conversations.save(personalChat('aad-avery'));
    const { opportunity } = await one.referrals.receiveReferral(inboundReferral());

    for (const days of [0, 6, 7, 10, 11, 12, 13, 14]) {
      clock.set(new Date(Date.parse(T) + days * DAY));
      await Promise.all([one.sweeper.sweep(), two.sweeper.sweep()]);
    }
    const all = [...a.received, ...b.received];
    expect(all.filter((d) => d.notice === 'reminder').map((d) => d.at).sort()).toEqual([
      '2026-11-09T15:00:00.000Z',
      '2026-11-13T15:00:00.000Z',
      '2026-11-15T15:00:00.000Z',
    ]);
    expect(new Set(all.map((d) => d.id)).size).toBe(all.length);
    expect((await two.opportunities.get(TENANT, opportunity.value.id))!.value).toMatchObject({ substatus: 'Expired', outbox: [] });
  });

  it('forgets every channel of a deleted team', async () => {
    const w = await instance('cosell-sweep-2', new ManualClock(T), new RecordingSender(new ManualClock(T)));
    for (const c of ['19:a', '19:b']) await w.conversations.save({ ...personalChat('x'), kind: 'channel', conversationId: c, user: undefined, userKey: undefined, teamId: '19:team' });
    await w.conversations.save(personalChat('aad-avery'));
    expect(await w.conversations.removeTeam(TENANT, '19:team')).toBe(2);
    expect((await w.conversations.list(TENANT)).items.map((c) => c.conversationId)).toEqual(['a:chat-aad-avery']);
  });
});
