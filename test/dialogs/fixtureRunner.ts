import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { DEFAULT_LOCALE } from '../../services/i18n/catalog';
import { cardProblems } from '../helpers/adaptiveCards';
import { englishLeaks } from '../helpers/englishLeaks';
import { makeOpportunity } from '../helpers/opportunities';
import type { Opportunity } from '../../services/opportunities/opportunity';
import { cardOf, inputsOf, SELLER, TENANT, visibleText, type DealConversation } from './dealConversation';

/**
 * Fixture files (test/dialogs/fixtures/*.json) are conversations: what the person does each turn
 * (types, submits a card, presses a button) and what the bot must answer, reply by reply.
 */
const Texts = z.union([z.string(), z.array(z.string())]);
const Expectation = z.union([
  z.object({ text: Texts, not: z.array(z.string()).optional() }).strict(),
  z
    .object({
      card: Texts,
      /** Input values the card must show (answers kept when going back). */
      inputs: z.record(z.string(), z.string()).optional(),
      not: z.array(z.string()).optional(),
    })
    .strict(),
]);
type Expectation = z.infer<typeof Expectation>;

const Turn = z.union([
  z.object({ say: z.string(), expect: z.array(Expectation) }).strict(),
  z.object({ submit: z.record(z.string(), z.string()), expect: z.array(Expectation) }).strict(),
  z.object({ press: z.string(), inputs: z.record(z.string(), z.string()).optional(), with: z.record(z.string(), z.string()).optional(), expect: z.array(Expectation) }).strict(),
  /** Close the store and rebuild everything from the same SQLite file, as a restarted process would. */
  z.object({ restart: z.literal(true) }).strict(),
  z.object({ clock: z.string() }).strict(),
  /** How many deals the partner has stored at this point. */
  z.object({ storedDeals: z.number() }).strict(),
]);
export type Turn = z.infer<typeof Turn>;

export const Fixture = z
  .object({
    description: z.string(),
    /** The language of the person's Teams client (default en-US); cards then show no English catalog text… */
    locale: z.string().optional(),
    /** …except inside these names of products or companies, which read the same in every language. */
    names: z.array(z.string()).optional(),
    seed: z
      .object({
        admin: z.boolean().optional(),
        deals: z.array(z.record(z.string(), z.unknown())).optional(),
        recentContacts: z.array(z.object({ name: z.string(), phoneNumber: z.string(), email: z.string() })).optional(),
      })
      .strict()
      .optional(),
    turns: z.array(Turn),
    outcome: z
      .object({
        ended: z.boolean(),
        storedDeals: z.number(),
        /** A partial match of the newest stored deal. */
        deal: z.record(z.string(), z.unknown()).optional(),
        /** The seller's recent contacts afterwards, by email. */
        recentContacts: z.array(z.string()).optional(),
      })
      .strict(),
  })
  .strict();
export type Fixture = z.infer<typeof Fixture>;

export const FIXTURE_DIR = join(__dirname, 'fixtures');

export function loadFixtures(): Array<{ file: string; fixture: Fixture }> {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, fixture: Fixture.parse(JSON.parse(readFileSync(join(FIXTURE_DIR, file), 'utf8'))) }));
}

export async function seedConversation(c: DealConversation, fixture: Fixture): Promise<void> {
  for (const deal of fixture.seed?.deals ?? []) await c.seed(makeOpportunity({ tenantId: TENANT, ...(deal as Partial<Opportunity>) }));
  if (fixture.seed?.recentContacts) await c.recentContacts.remember(TENANT, SELLER.userId, fixture.seed.recentContacts);
}

/** Plays one turn; returns the replies (none for restart/clock/checks). */
export async function playTurn(c: DealConversation, turn: Turn): Promise<Array<Partial<Activity>> | undefined> {
  if ('restart' in turn) return void (await c.restart());
  if ('clock' in turn) return void c.clock.set(turn.clock);
  if ('storedDeals' in turn) {
    expect(await c.storedDeals()).toHaveLength(turn.storedDeals);
    return undefined;
  }
  if ('say' in turn) return c.say(turn.say);
  if ('submit' in turn) return c.submit(turn.submit);
  return c.press(turn.press, turn.inputs, turn.with);
}

const list = (t: string | string[]) => (Array.isArray(t) ? t : [t]);

/** Teams refuses bot messages over about 28 KB (the country and currency lists are the largest). */
const TEAMS_MESSAGE_LIMIT = 28 * 1024;

/**
 * Checks replies against expectations; every card must be a valid Adaptive Card 1.5 that renders,
 * and in another language than English show no English catalog text.
 */
export function checkReplies(replies: Array<Partial<Activity>>, expected: Expectation[], where: string, language?: { locale?: string; names?: string[] }): void {
  const locale = language?.locale;
  const isName = (phrase: string) => (language?.names ?? []).some((name) => name.includes(phrase));
  const shown = replies.map((r) => (cardOf(r) ? `card: ${visibleText(cardOf(r)!).split('\n').slice(0, 4).join(' | ')}` : `text: ${r.text}`));
  expect({ where, replies: shown.length }).toEqual({ where, replies: expected.length });
  expected.forEach((e, i) => {
    const reply = replies[i]!;
    const card = cardOf(reply);
    if ('text' in e) {
      expect({ where, reply: i, kind: card ? 'card' : 'text' }).toEqual({ where, reply: i, kind: 'text' });
      for (const t of list(e.text)) expect({ where, text: reply.text }).toEqual({ where, text: expect.stringContaining(t) });
      for (const t of e.not ?? []) expect({ where, text: reply.text }).toEqual({ where, text: expect.not.stringContaining(t) });
      return;
    }
    expect({ where, reply: i, kind: card ? 'card' : 'text', text: reply.text }).toEqual({ where, reply: i, kind: 'card', text: undefined });
    expect({ where, problems: cardProblems(card) }).toEqual({ where, problems: [] });
    if (locale && locale !== DEFAULT_LOCALE) expect({ where, english: englishLeaks(card, locale).filter((p) => !isName(p)) }).toEqual({ where, english: [] });
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(TEAMS_MESSAGE_LIMIT);
    const text = visibleText(card!);
    for (const t of list(e.card)) expect({ where, card: text }).toEqual({ where, card: expect.stringContaining(t) });
    for (const t of e.not ?? []) expect({ where, card: text }).toEqual({ where, card: expect.not.stringContaining(t) });
    if (e.inputs) {
      const inputs = inputsOf(card!);
      const values = Object.fromEntries(Object.keys(e.inputs).map((id) => [id, inputs[id]?.value === undefined ? '' : String(inputs[id]!.value)]));
      expect({ where, inputs: values }).toEqual({ where, inputs: e.inputs });
    }
  });
}
