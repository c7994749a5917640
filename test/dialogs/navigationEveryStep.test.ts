import { Translator } from '../../services/i18n/catalog';
import { cardOf, DealConversation, submitActions, type CardJson } from './dealConversation';
import { loadFixtures, playTurn, seedConversation, type Fixture } from './fixtureRunner';

/**
 * "back", "help" and "cancel" at every question of the flow. The fixtures below follow a straight
 * path for their first turns; after each turn that ends on a question card, the conversation is
 * replayed to that point and each word is tried there.
 */
const LINEAR_TURNS: Record<string, number> = {
  '01-privateDealByCard.json': 13,
  '02-coSellDealTyped.json': 26,
  '08-editStep.json': 12,
  '09-customerByHand.json': 6,
};

const tr = new Translator('en-US');

function questionOf(card: CardJson | undefined): string | undefined {
  const data = card && submitActions(card).find((a) => typeof a.data?.question === 'string')?.data;
  return data?.question as string | undefined;
}

/** The turns after which the bot waits at a question card (not a typed prompt, not the end). */
function stopsOf(file: string, fixture: Fixture): number[] {
  const stops: number[] = [];
  fixture.turns.slice(0, LINEAR_TURNS[file]).forEach((turn, i) => {
    const last = 'expect' in turn ? turn.expect[turn.expect.length - 1] : undefined;
    if (!last || !('card' in last)) return;
    const texts = Array.isArray(last.card) ? last.card : [last.card];
    if (!texts.some((t) => t.includes('Deal created'))) stops.push(i + 1);
  });
  return stops;
}

async function replay(fixture: Fixture, turns: number): Promise<DealConversation> {
  const c = await DealConversation.start({ admin: fixture.seed?.admin });
  await seedConversation(c, fixture);
  for (const turn of fixture.turns.slice(0, turns)) await playTurn(c, turn);
  return c;
}

describe('back, help and cancel at every question', () => {
  const fixtures = loadFixtures().filter(({ file }) => file in LINEAR_TURNS);
  const asked = new Set<string>();

  for (const { file, fixture } of fixtures) {
    describe(file, () => {
      for (const turns of stopsOf(file, fixture)) {
        it(`after turn ${turns}`, async () => {
          // The questions asked so far, in order, as the cards name them.
          const c = await DealConversation.start({ admin: fixture.seed?.admin });
          const path: string[] = [];
          try {
            await seedConversation(c, fixture);
            for (const turn of fixture.turns.slice(0, turns)) {
              const replies = await playTurn(c, turn);
              const question = questionOf(replies?.map(cardOf).filter(Boolean).pop());
              if (question && path[path.length - 1] !== question) path.push(question);
            }
          } finally {
            await c.close();
          }
          const here = path[path.length - 1]!;
          const previous = path[path.length - 2];
          asked.add(here);

          const helped = await replay(fixture, turns);
          try {
            const replies = await helped.say('help');
            expect(replies).toHaveLength(2);
            expect(replies[0]?.text).toContain(tr.t(`deals.questions.${here}.help`));
            expect(questionOf(cardOf(replies[1]!))).toBe(here);
          } finally {
            await helped.close();
          }

          const back = await replay(fixture, turns);
          try {
            const replies = await back.say('back');
            if (previous) {
              expect(replies).toHaveLength(1);
              expect(questionOf(cardOf(replies[0]!))).toBe(previous);
            } else {
              expect(replies.map((r) => r.text ?? 'card')).toEqual([tr.t('dialog.noPrevious'), 'card']);
              expect(questionOf(cardOf(replies[1]!))).toBe(here);
            }
          } finally {
            await back.close();
          }

          const cancelled = await replay(fixture, turns);
          try {
            const replies = await cancelled.say('cancel');
            expect(replies.map((r) => r.text)).toEqual([tr.t('common.cancelled')]);
            expect(cancelled.ended).toBe(true);
            expect(await cancelled.storedDeals()).toHaveLength(fixture.seed?.deals?.length ?? 0);
          } finally {
            await cancelled.close();
          }
        });
      }
    });
  }

  afterAll(() => {
    // Every question of the flow was among the stops.
    expect([...asked].sort()).toEqual(
      ['consent', 'contact', 'customerManual', 'customerName', 'customerPick', 'details', 'employees', 'helpConsent', 'helpContact', 'helpDetails', 'helpWanted', 'location', 'solutions', 'summary'].sort(),
    );
  });
});
