import { CommandRouter } from '../../bot/commands/commandRouter';
import { helpCard, helpCommand } from '../../bot/commands/helpCommand';
import { inboxCommands } from '../../bot/commands/inboxCommands';
import { offerCommands } from '../../bot/commands/offerCommands';
import {
  contactsConfirmCard,
  documentFormCard,
  documentsCard,
  offerChoiceCard,
  offerFormCard,
  offerListCard,
  offerPickCard,
  orgFactsCard,
  statusCard,
} from '../../bot/offers/offerCards';
import { emptyFormValues, formValuesOf } from '../../bot/offers/offerForm';
import type { OfferBotDeps } from '../../bot/offers/offerTurn';
import type { InboxLister } from '../../bot/referrals/inboxLister';
import * as cardFactory from '../../cards/cardFactory';
import { cosellUnengagedCard } from '../../cards/cosellCards';
import { INBOX_VIEWS, inboxPageCard } from '../../cards/inboxCards';
import { compactReferralCard, referralCard } from '../../cards/referralCards';
import { FORM_FIELDS, referralForm, type FormName } from '../../cards/referralForms';
import { createdCardData } from '../../dialogs/newDeal/dealFacts';
import { Translator } from '../../services/i18n/catalog';
import { transition } from '../../services/opportunities/lifecycle';
import type { Opportunity } from '../../services/opportunities/opportunity';
import { evaluateReadiness } from '../../services/offers/readiness';
import { DealConversation } from '../dialogs/dealConversation';
import { loadFixtures, playTurn, seedConversation } from '../dialogs/fixtureRunner';
import { linkDocument, makeContact, makeFacts, makeOffer, salesContactEverywhere } from '../helpers/offers';
import { makeOpportunity } from '../helpers/opportunities';
import { bothOutcomes, type Outcome } from '../helpers/templateDifferential';

/**
 * The data our real card builders hand to expandCard, in many states (every referral stage, with
 * and without notices, forms with and without errors, inbox pages, offer cards, every question of
 * the new-deal conversation in three languages): each call is expanded by the compiled template
 * and by adaptivecards-templating, and the two must be the same card, byte for byte.
 */
interface Expansion {
  name: string;
  compiled: Outcome;
  library: Outcome;
  /** What expandCard itself returned, as JSON at the time of the call. */
  returned: string;
}

const expansions: Expansion[] = [];
const original = cardFactory.expandCard;

beforeAll(() => {
  jest.spyOn(cardFactory, 'expandCard').mockImplementation((name, data, tr) => {
    const template = (cardFactory.TEMPLATES as Record<string, object>)[name]!;
    const root = { ...data, t: tr.strings() };
    const returned = JSON.stringify(original(name, data, tr));
    expansions.push({ name, ...bothOutcomes(template, root), returned });
    return original(name, data, tr);
  });
});

afterAll(() => jest.restoreAllMocks());

const now = new Date('2026-11-05T09:00:00.000Z');
const at = new Date('2026-11-04T09:00:00.000Z');
const v = (o: Opportunity) => ({ value: o, etag: 'etag-1' });
const seller = { firstName: 'Avery', lastName: 'Seller', email: 'avery@fabrikam.example', phoneNumber: '+1 425 555 0101' };

function referrals(): Opportunity[] {
  const received = makeOpportunity({ id: 'opp-1', inviteContext: { notes: 'Please call the CIO first.', invitedBy: { name: 'Sam Seller', organizationName: 'Microsoft' } } });
  const accepted = transition(received, 'accept', { at, byName: 'Avery' }, { team: [seller] });
  return [
    received,
    { ...received, favorite: true, inviteContext: undefined, details: { ...received.details, notes: undefined } },
    { ...received, expirationDateTime: undefined },
    { ...received, expirationDateTime: '2026-11-05T20:00:00.000Z' },
    { ...received, expirationDateTime: '2026-11-01T09:00:00.000Z' },
    accepted,
    { ...accepted, crmId: 'CRM-1', campaignId: 'CAMP-7', customerProfile: { ...accepted.customerProfile, team: [] } },
    transition(accepted, 'win', { at }, { closingNotes: 'Signed a three-year deal.' }),
    transition(accepted, 'lose', { at }, { closingNotes: 'Budget moved.' }),
    transition(received, 'decline', { at }, { declineReason: 3 }),
    makeOpportunity({ direction: 'Outgoing', type: 'Independent', status: 'Active', substatus: 'Accepted', name: 'Private ${name} & "quotes"' }),
    {
      ...accepted,
      details: { ...accepted.details, requirements: { ...accepted.details.requirements, solutions: [{ id: 's-2', name: 'Azure IP app', requiresDealRegistration: true }] } },
    },
  ];
}

function router(): CommandRouter {
  const r = new CommandRouter();
  r.register(helpCommand(r), ...inboxCommands({} as InboxLister), ...offerCommands({} as OfferBotDeps));
  return r;
}

function drawReferralCards(tr: Translator): void {
  for (const o of referrals()) {
    referralCard(v(o), tr, { now, canAct: true });
    referralCard(v(o), tr, { now, canAct: false, notice: tr.t('referrals.notices.readOnly'), refreshUserIds: ['29:a', '29:b'] });
    compactReferralCard(v(o), tr, now);
    cosellUnengagedCard(v(o), tr);
    cardFactory.expandCard('dealCreated', createdCardData(o, tr), tr);
    for (const form of Object.keys(FORM_FIELDS) as FormName[]) {
      referralForm(form, v(o), tr, now);
      const fields: ReadonlyArray<string> = FORM_FIELDS[form];
      const everyError = Object.fromEntries([...fields, 'employees'].map((f) => [f, `Fix ${f}.`]));
      const typed = Object.fromEntries(fields.map((f) => [f, `typed ${f}`]));
      referralForm(form, v(o), tr, now, { values: typed, errors: everyError });
      referralForm(form, v(o), tr, now, { errors: { [fields[0]!]: 'Only this one.' } });
    }
  }
  for (const view of INBOX_VIEWS) {
    for (const stage of [undefined, 'Received', 'Accepted', 'Archived'] as const) {
      inboxPageCard(tr, { request: { view, stage }, empty: true });
      inboxPageCard(tr, { request: { view, stage, page: 3, continuation: 'c-3' }, empty: false, next: 'c-4' });
      inboxPageCard(tr, { request: { view, stage, page: 2 }, empty: false, next: 'c-3', moreShown: true });
    }
  }
}

function drawOfferCards(tr: Translator): void {
  const ready = makeOffer();
  const notReady = makeOffer({ published: false, documents: [], markets: ['US', 'PL'] });
  const offers = [ready, notReady];
  for (const offer of offers) {
    for (const facts of [makeFacts(), makeFacts({ acrTtmUsd: 0 })]) {
      for (const contacts of [[], [makeContact({ countries: ['US'] })], salesContactEverywhere]) {
        const readiness = evaluateReadiness({ offer, contacts, facts });
        statusCard(offer, readiness, contacts.length, tr, true);
        statusCard(offer, readiness, contacts.length, tr, false);
      }
    }
  }
  const rated = offers.map((offer) => ({ offer, etag: 'e', readiness: evaluateReadiness({ offer, contacts: [], facts: makeFacts() }) }));
  for (const list of [[], rated]) {
    offerListCard(list, tr, true);
    offerListCard(list, tr, false, 'offers after Fabrikam Analytics');
  }
  offerFormCard(emptyFormValues(), [], tr);
  offerFormCard(formValuesOf(ready), ['Offer name: give a name of 1 to 100 characters.', 'Second problem.'], tr, ready.name);
  offerPickCard('Pick', offers, 'status of', tr);
  offerPickCard('Pick', [], 'status of', tr);
  offerChoiceCard('Which?', offers, 'contactsImport', tr);
  const withFile = makeOffer({
    documents: [linkDocument('onePager'), { id: 'f', kind: 'pitchDeck', source: 'file', name: 'deck.pptx', fileId: 'x', fileType: 'pptx', contentType: 'x', sizeBytes: 2_500_000, addedAt: ready.createdAt, addedBy: ready.createdBy }],
  });
  contactsConfirmCard(withFile, 'contacts.csv', { offerId: withFile.id, contacts: [makeContact({ countries: ['US'] })], currentCount: 3, unchanged: false }, tr);
  contactsConfirmCard(withFile, 'contacts.csv', { offerId: withFile.id, contacts: salesContactEverywhere, currentCount: 1, unchanged: true }, tr);
  orgFactsCard(makeFacts({ updatedAt: '2026-11-20T10:00:00.000Z', updatedBy: { userId: 'u', name: 'Ada' } }), tr, true);
  orgFactsCard(makeFacts(), tr, false, 'problem');
  documentsCard(withFile, tr, true);
  documentsCard(makeOffer({ documents: [] }), tr, false);
  documentFormCard({ offers: offers, values: { kind: 'onePager' }, problem: 'x' }, tr);
  documentFormCard({ offerName: ready.name, fileName: 'deck.pptx' }, tr);
  helpCard(router(), tr);
  cardFactory.expandCard('welcome', {}, tr);
}

describe('compiled templates on the data of our card builders', () => {
  it.each(['en-US', 'pl-PL', 'zh-CN'])('referral, inbox, offer, help and welcome cards in %s', (locale) => {
    const tr = new Translator(locale);
    const from = expansions.length;
    drawReferralCards(tr);
    drawOfferCards(tr);
    expect(expansions.length - from).toBeGreaterThan(400);
  });

  it('every question of the new-deal conversation, in every fixture', async () => {
    const from = expansions.length;
    for (const { fixture } of loadFixtures()) {
      const c = await DealConversation.start({ admin: fixture.seed?.admin, locale: fixture.locale });
      try {
        await seedConversation(c, fixture);
        for (const turn of fixture.turns) if (!('storedDeals' in turn)) await playTurn(c, turn);
      } finally {
        await c.close();
      }
    }
    expect(expansions.length - from).toBeGreaterThan(100);
  });

  // Runs after the cards above are drawn (jest runs a file's tests in order).
  it('gives exactly the library\'s card for every one of them, and every template was drawn', () => {
    const drawn = new Set(expansions.map((e) => e.name));
    expect(Object.keys(cardFactory.TEMPLATES).filter((name) => !drawn.has(name))).toEqual([]);
    for (const e of expansions) {
      expect({ name: e.name, ...e.compiled }).toStrictEqual({ name: e.name, ...e.library });
      expect({ name: e.name, returned: e.returned }).toEqual({ name: e.name, returned: 'json' in e.library ? e.library.json : 'a card' });
    }
  });
});
