import { DEAL_TEMPLATES } from '../../cards/dealTemplates';
import { expandCard } from '../../cards/cardFactory';
import { createdCardData } from '../../dialogs/newDeal/dealFacts';
import { Q } from '../../dialogs/newDeal/ids';
import { PROBLEM } from '../../services/deals/dealProblems';
import { lookup, Translator } from '../../services/i18n/catalog';
import { HELP_CODES } from '../../services/opportunities/opportunity';
import { cardProblems } from '../helpers/adaptiveCards';
import { makeOpportunity } from '../helpers/opportunities';

const tr = new Translator('en-US');
const WORD_KEYS = new Set(['text', 'title', 'label', 'placeholder', 'errorMessage', 'altText', 'fallbackText']);

/** Strings a person reads that are not entirely bindings (catalog or prepared data). */
function hardCodedWords(template: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (typeof value === 'string' && WORD_KEYS.has(key) && /\p{L}/u.test(value.replace(/\$\{[^}]*\}/g, ''))) found.push(value);
      else walk(value);
    }
  };
  walk(template);
  return found;
}

describe('the new-deal cards and messages', () => {
  it('hold no words of their own: every text binds to the catalog or to prepared data', () => {
    for (const [name, template] of Object.entries(DEAL_TEMPLATES)) expect({ name, words: hardCodedWords(template) }).toEqual({ name, words: [] });
  });

  it('have a title, an intro and a help text for every question, and every message the rules can give', () => {
    const missing = [
      ...Object.values(Q).flatMap((q) => ['title', 'intro', 'help'].map((part) => `deals.questions.${q}.${part}`)),
      ...Object.values(PROBLEM),
      ...HELP_CODES.map((c) => `deals.helpCodes.${c}`),
      ...['back', 'help', 'cancel', 'skip', 'done', 'yes', 'no', 'create', 'edit', 'manual', 'remove'].map((w) => `dialog.words.${w}`),
      'help.commands.newDeal.title',
      'help.commands.newDeal.description',
    ].filter((key) => typeof lookup(tr.strings(), key) !== 'string');
    expect(missing).toEqual([]);
  });

  it('shows a created deal compactly: value in its currency, stage, private or co-sell, and the engagement window', () => {
    const coSell = makeOpportunity({
      direction: 'Outgoing',
      type: 'Shared',
      status: 'Active',
      substatus: 'Accepted',
      team: [{ firstName: 'Sam', lastName: 'Taylor', email: 'sam@partner.example' }],
      expirationDateTime: '2026-12-05T10:00:00.000Z',
    });
    const card = expandCard('dealCreated', createdCardData(coSell, tr), tr);
    expect(cardProblems(card)).toEqual([]);
    const text = JSON.stringify(card);
    for (const expected of ['Deal created', 'Contoso Pharmaceuticals Ltd', '$250,000.00', 'Mar 31, 2027', 'Accepted', 'Co-sell deal', 'Fabrikam Analytics for Azure', 'Sam Taylor', 'Dec 5, 2026']) {
      expect(text).toContain(expected);
    }
    const privateDeal = expandCard('dealCreated', createdCardData({ ...coSell, type: 'Independent', expirationDateTime: undefined }, tr), tr);
    expect(cardProblems(privateDeal)).toEqual([]);
    expect(JSON.stringify(privateDeal)).toContain('Private pipeline deal');
    expect(JSON.stringify(privateDeal)).not.toContain('Microsoft sellers have until');
  });

  it('are checked with Teams\' type-ahead extension of Input.ChoiceSet, which must be well formed', () => {
    const card = (query: unknown, style = 'filtered') => ({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'Input.ChoiceSet', id: 'customer', style, choices: [], 'choices.data': query }],
    });
    expect(cardProblems(card({ type: 'Data.Query', dataset: 'customers:US:' }))).toEqual([]);
    expect(cardProblems(card({ type: 'Data.Query' }))).not.toEqual([]);
    expect(cardProblems(card({ type: 'Data.Query', dataset: 'x', extra: 1 }))).not.toEqual([]);
    expect(cardProblems(card({ type: 'Data.Query', dataset: 'x', associatedInputs: 'some' }))).not.toEqual([]);
    expect(cardProblems(card({ type: 'Data.Query', dataset: 'x' }, 'sideways'))).not.toEqual([]);
  });
});
