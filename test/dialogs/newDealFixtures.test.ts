import { DealConversation, SELLER, TENANT } from './dealConversation';
import { checkReplies, loadFixtures, playTurn, seedConversation } from './fixtureRunner';

describe('creating a deal in conversation (fixtures)', () => {
  for (const { file, fixture } of loadFixtures()) {
    it(`${file}: ${fixture.description}`, async () => {
      const c = await DealConversation.start({ admin: fixture.seed?.admin, locale: fixture.locale });
      try {
        await seedConversation(c, fixture);
        let n = 0;
        for (const turn of fixture.turns) {
          n++;
          const replies = await playTurn(c, turn);
          if (replies && 'expect' in turn) checkReplies(replies, turn.expect, `${file} turn ${n} ${JSON.stringify(turn).slice(0, 80)}`, fixture);
        }
        const deals = await c.storedDeals();
        expect(c.ended).toBe(fixture.outcome.ended);
        expect(deals).toHaveLength(fixture.outcome.storedDeals);
        if (fixture.outcome.deal) expect(deals[0]).toMatchObject(fixture.outcome.deal);
        if (fixture.outcome.recentContacts) {
          expect((await c.recentContacts.list(TENANT, SELLER.userId)).map((p) => p.email)).toEqual(fixture.outcome.recentContacts);
        }
      } finally {
        await c.close();
      }
    });
  }
});
