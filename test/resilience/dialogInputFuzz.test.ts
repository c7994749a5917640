import fc from 'fast-check';
import type { Activity } from 'botbuilder';
import { ADMIN, message, startHarness, TENANT, turn, type Harness } from '../helpers/botHarness';
import { anyJson, applyMutations, fuzzParameters, fuzzTimeout, mutationsOf, nastyString, type Mutation } from '../helpers/fuzz';
import { snapshotChanges, storeSnapshot } from '../helpers/storeSnapshot';
import { cardOf, inputsOf, submitActions, type CardJson } from '../dialogs/dealConversation';

/**
 * The create-deal conversation fed random answers: typed text, the buttons of the card it just
 * showed with random inputs (so they reach the step's own checks), mutated submits and random
 * submit data. Every turn is answered without an error, and until a deal is created nothing but the
 * conversation's own state is written.
 */

/**
 * A good conversation, typed answer by answer (as in the typed fixture): each case first follows
 * it for a random number of turns, so that every step is fuzzed, not only the first.
 */
const GOOD_PATH = [
  'Germany', 'skip', 'fabrikam', '2', 'skip', 'Fabrikam MES rollout', '1,200,000', 'Euro', '2027-06-30', 'skip', 'CMP-2026-11',
  'Pilot on one production line.', 'Jan Kowalski', '+48 22 123 45 67', 'jan.kowalski@partner.example', 'done', '1', 'yes', '2 3',
  'An Azure architect to review the landing zone.', 'Anna Schmidt', '089 1234567', 'anna.schmidt@fabrikam.example', 'yes',
];

/** Answers that move the conversation along, so that later steps are reached too. */
const USEFUL_TEXT = [
  'Germany', 'DE', 'United States', 'fabrikam', 'contoso', '1', '2', '3', 'skip', 'back', 'help', 'done', 'yes', 'no', 'create', 'edit',
  'manual', 'Jan Kowalski', '+48 22 123 45 67', 'jan.kowalski@partner.example', '2027-06-30', '2020-01-01', '1,200,000', 'Euro', 'usd',
  '4, 14 30', 'Fabrikam MES rollout', 'new deal', 'München',
];

type Step =
  | { kind: 'text'; text: string }
  | { kind: 'card'; pick: number; values: string[]; mutations: Mutation[] }
  | { kind: 'random'; value: unknown; text: string };

const text = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...USEFUL_TEXT) }, { weight: 1, arbitrary: nastyString });

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('text' as const), text }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('card' as const),
      pick: fc.nat(),
      values: fc.array(text, { maxLength: 12 }),
      mutations: fc.oneof({ weight: 3, arbitrary: fc.constant<Mutation[]>([]) }, { weight: 1, arbitrary: mutationsOf() }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('random' as const), value: anyJson, text: fc.oneof(fc.constant(''), nastyString) }) },
);

/** The submit of one of the card's buttons, its inputs filled from `values` (a choice's value where it has choices). */
function submitOf(card: CardJson, s: Extract<Step, { kind: 'card' }>): Record<string, unknown> | undefined {
  const actions = submitActions(card);
  if (actions.length === 0) return undefined;
  const action = actions[s.pick % actions.length]!;
  const inputs = Object.entries(inputsOf(card));
  const filled = Object.fromEntries(
    inputs.map(([id, input], i) => {
      const raw = s.values[i % Math.max(1, s.values.length)] ?? '';
      const choices = input.choices ?? [];
      return [id, choices.length > 0 && /^\d$/.test(raw) ? (choices[Number(raw) % choices.length]?.value ?? raw) : raw];
    }),
  );
  return applyMutations({ ...filled, ...(action.data ?? {}) }, s.mutations) as Record<string, unknown>;
}

describe('fuzzing the create-deal conversation', () => {
  let h: Harness;
  let conversation = 0;

  beforeAll(async () => {
    h = await startHarness();
    await h.roles.ensureFirstAdmin(TENANT, { userId: ADMIN.aadObjectId, name: ADMIN.name });
  });
  afterAll(() => h.close());

  it('answers every turn without an error and writes nothing but its own state until a deal is created', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: GOOD_PATH.length }), fc.array(step, { minLength: 1, maxLength: 8 }), async (along, steps) => {
        const conversationId = `a:fuzz-deal-${conversation++}`;
        const say = (a: Partial<Activity>) => turn(h, { ...a, conversation: { ...a.conversation!, id: conversationId } });
        let replies = await say(message('new deal'));
        for (const answer of GOOD_PATH.slice(0, along)) replies = await say(message(answer));
        const before = await storeSnapshot(h.store);

        for (const s of steps) {
          const card = [...replies].reverse().map(cardOf).find((c): c is CardJson => c !== undefined);
          let activity: Partial<Activity>;
          if (s.kind === 'text') activity = message(s.text);
          else if (s.kind === 'random') activity = { ...message(s.text), value: s.value };
          else {
            const value = card ? submitOf(card, s) : undefined;
            activity = value ? { ...message(''), text: undefined, value } : message(s.values[0] ?? 'help');
          }
          replies = await say(activity);

          const changes = snapshotChanges(before, await storeSnapshot(h.store));
          // The conversation's own state, at "Create" the deal and the seller's recent contacts, and from
          // the help card's "demo referral" button a demo referral with its posted card.
          for (const change of changes) expect(change).toMatch(/^(added|rewrote) (botState|recentContacts)\/|^added (opportunities|postedCards)\//);
        }
      }),
      fuzzParameters(40),
    );
  }, fuzzTimeout(60_000));
});
