import { CommandRouter } from '../../bot/commands/commandRouter';
import { helpCard, helpCommand } from '../../bot/commands/helpCommand';
import { inboxCommands } from '../../bot/commands/inboxCommands';
import { offerCommands } from '../../bot/commands/offerCommands';
import { orgFactsCard, statusCard } from '../../bot/offers/offerCards';
import type { InboxLister } from '../../bot/referrals/inboxLister';
import type { OfferBotDeps } from '../../bot/offers/offerTurn';
import { expandCard } from '../../cards/cardFactory';
import { inboxPageCard } from '../../cards/inboxCards';
import { referralCard } from '../../cards/referralCards';
import { referralForm } from '../../cards/referralForms';
import { Translator } from '../../services/i18n/catalog';
import { transition } from '../../services/opportunities/lifecycle';
import { evaluateReadiness } from '../../services/offers/readiness';
import { cardProblems } from '../helpers/adaptiveCards';
import { englishLeaks, visibleStrings } from '../helpers/englishLeaks';
import { makeContact, makeFacts, makeOffer } from '../helpers/offers';
import { makeOpportunity } from '../helpers/opportunities';

const LOCALES = ['zh-CN', 'zh-TW', 'pl-PL'] as const;
const now = new Date('2026-11-05T09:00:00.000Z');

const received = makeOpportunity({
  id: 'opp-1',
  inviteContext: { notes: 'Please call the CIO first.', invitedBy: { name: 'Sam Seller', organizationName: 'Microsoft' } },
});
const accepted = transition(received, 'accept', { at: new Date('2026-11-04T09:00:00.000Z'), byName: 'Avery' }, {
  team: [{ firstName: 'Avery', lastName: 'Seller', email: 'avery@fabrikam.example', phoneNumber: '+1 425 555 0101' }],
});
const v = (o: typeof received) => ({ value: o, etag: 'etag-1' });

function router(): CommandRouter {
  const r = new CommandRouter();
  r.register(helpCommand(r), ...inboxCommands({} as InboxLister), ...offerCommands({} as OfferBotDeps));
  return r;
}

/** Every card a person can get, drawn for one language. */
function cardsFor(locale: string) {
  const tr = new Translator(locale);
  const offer = makeOffer({ published: false, documents: [], markets: ['US', 'PL', 'TW'] });
  const readiness = evaluateReadiness({ offer, contacts: [makeContact({ countries: ['US'] })], facts: makeFacts({ acrTtmUsd: 0 }) });
  return {
    tr,
    cards: {
      help: helpCard(router(), tr),
      welcome: expandCard('welcome', {}, tr),
      referralReceived: referralCard(v(received), tr, { now, canAct: true }),
      referralAccepted: referralCard(v(accepted), tr, { now, canAct: true }),
      acceptForm: referralForm('accept', v(received), tr, now, { errors: { name: tr.t('referrals.form.errors.name') } }),
      declineForm: referralForm('decline', v(received), tr, now),
      inboxPage: inboxPageCard(tr, { request: { view: 'inbound', stage: 'Received' }, empty: true }),
      offerStatus: statusCard(offer, readiness, 1, tr, true),
      orgFacts: orgFactsCard(makeFacts(), tr, true),
    },
  };
}

describe.each(LOCALES)('cards in %s', (locale) => {
  const { tr, cards } = cardsFor(locale);

  it.each(Object.entries(cards))('%s is a valid Adaptive Card 1.5 with no English catalog text left', (_name, card) => {
    expect(cardProblems(card)).toEqual([]);
    expect(englishLeaks(card, locale)).toEqual([]);
  });

  it('the help card shows translated titles and descriptions; its buttons still type the English commands', () => {
    const card = cards.help as { body: Array<{ text?: string; facts?: Array<{ title: string; value: string }> }>; actions: Array<{ title: string; data: { command: string } }> };
    expect(card.body[0]?.text).toBe(tr.t('help.title'));
    expect(card.body[2]?.facts?.[1]).toEqual({ title: tr.t('help.commands.inbound.title'), value: tr.t('help.commands.inbound.description') });
    expect(card.actions.map((a) => a.data.command)).toEqual(['help', 'inbound', 'outbound', 'favorites', 'offers', 'new offer', 'status of', 'org facts']);
    expect(card.actions.map((a) => a.title)).toEqual(
      ['help', 'inbound', 'outbound', 'favorites', 'offers', 'newOffer', 'offerStatus', 'orgFacts'].map((id) => tr.t(`help.commands.${id}.title`)),
    );
  });

  it('the referral card reads in the language, with money, dates and the country formatted for it', () => {
    const shown = visibleStrings(cards.referralReceived).join('\n');
    expect(shown).toContain(tr.t('referrals.stage.Received'));
    expect(shown).toContain(tr.t('referrals.facts.value'));
    expect(shown).toContain(tr.money(250000, 'USD'));
    expect(shown).toContain(tr.date('2027-03-31T00:00:00.000Z'));
    expect(shown).toContain(tr.t('referrals.actions.accept'));
    expect(shown).toContain(new Intl.DisplayNames([locale], { type: 'region' }).of('US'));
  });
});

describe('what each language actually says (spot checks against the source terminology)', () => {
  it('Simplified Chinese', () => {
    const { cards } = cardsFor('zh-CN');
    const all = (c: unknown) => visibleStrings(c).join('\n');
    expect(all(cards.help)).toContain('我能做什么');
    expect(all(cards.referralReceived)).toContain('已收到引荐');
    expect(all(cards.referralReceived)).toContain('US$250,000.00');
    expect(all(cards.referralReceived)).toContain('2027年3月31日');
    expect(all(cards.referralAccepted)).toContain('赢单');
    expect(all(cards.offerStatus)).toContain('联合销售');
    expect(all(cards.offerStatus)).toContain('台湾 (TW)');
  });

  it('Traditional Chinese', () => {
    const { cards } = cardsFor('zh-TW');
    const all = (c: unknown) => visibleStrings(c).join('\n');
    expect(all(cards.help)).toContain('我能做什麼');
    expect(all(cards.referralReceived)).toContain('已收到轉介');
    expect(all(cards.referralAccepted)).toContain('成交');
    expect(all(cards.offerStatus)).toContain('共同銷售');
    expect(all(cards.offerStatus)).toContain('台灣 (TW)');
    expect(all(cards.orgFacts)).toContain('組織資訊');
  });

  it('Polish', () => {
    const { cards } = cardsFor('pl-PL');
    const all = (c: unknown) => visibleStrings(c).join('\n').replace(/\u00a0/g, ' ');
    expect(all(cards.help)).toContain('Co mogę zrobić');
    expect(all(cards.referralReceived)).toContain('Otrzymane polecenie');
    expect(all(cards.referralReceived)).toContain('250 000,00 USD');
    expect(all(cards.referralReceived)).toContain('31 mar 2027');
    expect(all(cards.offerStatus)).toContain('współsprzedaży');
    expect(all(cards.inboxPage)).toContain('Wyświetlane: Odebrane');
  });

  it('the leak check itself finds English left on a card', () => {
    const english = expandCard('welcome', {}, new Translator('en-US'));
    expect(englishLeaks(english, 'pl-PL')).toEqual(expect.arrayContaining(['Welcome to Co-sell Bot']));
  });
});
