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
import { Translator } from '../../services/i18n/catalog';
import { evaluateReadiness } from '../../services/offers/readiness';
import { cardProblems } from '../helpers/adaptiveCards';
import { linkDocument, makeContact, makeFacts, makeOffer, salesContactEverywhere } from '../helpers/offers';

const tr = new Translator('en-US');
const texts = (card: unknown): string[] => {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(card);
  return out;
};

describe('offer cards are valid Adaptive Cards 1.5 and say what a person needs', () => {
  const ready = makeOffer();
  const notReady = makeOffer({ published: false, documents: [], markets: ['US', 'PL'] });

  it('status card: status, checklist with next steps, and what the next status unlocks', () => {
    const readiness = evaluateReadiness({ offer: notReady, contacts: [makeContact({ countries: ['US'] })], facts: makeFacts({ acrTtmUsd: 0 }) });
    const card = statusCard(notReady, readiness, 1, tr, true);
    expect(cardProblems(card)).toEqual([]);
    const all = texts(card).join('\n');
    expect(all).toContain('Not ready');
    expect(all).toContain('❌ The offer meets the commercial marketplace publishing requirements and is published');
    expect(all).toContain('Add a Partner sales contact for: Poland (PL)');
    expect(all).toContain('What Co-sell ready gives you:');
    expect(all).toContain('edit offer Fabrikam Analytics');
  });

  it('status card at the top of the path, for a person who may only view', () => {
    const readiness = evaluateReadiness({ offer: ready, contacts: salesContactEverywhere, facts: makeFacts() });
    const card = statusCard(ready, readiness, 1, tr, false);
    expect(cardProblems(card)).toEqual([]);
    const all = texts(card).join('\n');
    expect(all).toContain('Co-sell incentivized');
    expect(all).toContain('highest status');
    expect(all).not.toContain('edit offer');
  });

  it('status card for an offer with an incentive still ahead', () => {
    const readiness = evaluateReadiness({ offer: ready, contacts: salesContactEverywhere, facts: makeFacts({ acrTtmUsd: 0 }) });
    const all = texts(statusCard(ready, readiness, 1, tr, true)).join('\n');
    expect(all).toContain('What Co-sell incentivized gives you:');
    expect(all).toContain('service fee drops from 20% to 10%');
  });

  it('offer list, empty and full, with and without admin buttons', () => {
    const rated = [{ offer: ready, etag: 'e', readiness: evaluateReadiness({ offer: ready, contacts: [], facts: makeFacts() }) }];
    for (const card of [offerListCard([], tr, true), offerListCard([], tr, false), offerListCard(rated, tr, true, 'offers after Fabrikam Analytics'), offerListCard(rated, tr, false)]) {
      expect(cardProblems(card)).toEqual([]);
    }
    expect(texts(offerListCard(rated, tr, true)).join('\n')).toContain('Not ready · Software as a service (SaaS)');
  });

  it('offer form, new and prefilled with problems', () => {
    expect(cardProblems(offerFormCard(emptyFormValues(), [], tr))).toEqual([]);
    const card = offerFormCard(formValuesOf(ready), ['Offer name: give a name of 1 to 100 characters.'], tr, ready.name);
    expect(cardProblems(card)).toEqual([]);
    expect(texts(card)).toEqual(expect.arrayContaining(['Edit Fabrikam Analytics', '- Offer name: give a name of 1 to 100 characters.', 'dataAi', 'analytics', 'US, CA, PL']));
  });

  it('pickers, contacts confirm, org facts and documents cards', () => {
    const offer = makeOffer({ documents: [linkDocument('onePager'), { id: 'f', kind: 'pitchDeck', source: 'file', name: 'deck.pptx', fileId: 'x', fileType: 'pptx', contentType: 'x', sizeBytes: 2_500_000, addedAt: ready.createdAt, addedBy: ready.createdBy }] });
    const plan = { offerId: offer.id, contacts: [makeContact({ countries: ['US'] })], currentCount: 3, unchanged: false };
    const cards = [
      offerPickCard('Pick', [ready, notReady], 'status of', tr),
      offerChoiceCard('Which?', [ready], 'contactsImport', tr),
      contactsConfirmCard(offer, 'contacts.csv', plan, tr),
      orgFactsCard(makeFacts({ updatedAt: '2026-11-20T10:00:00.000Z', updatedBy: { userId: 'u', name: 'Ada' } }), tr, true),
      orgFactsCard(makeFacts(), tr, false, 'problem'),
      documentsCard(offer, tr, true),
      documentsCard(makeOffer({ documents: [] }), tr, false),
      documentFormCard({ offers: [ready], values: { kind: 'onePager' }, problem: 'x' }, tr),
      documentFormCard({ offerName: ready.name, fileName: 'deck.pptx' }, tr),
    ];
    for (const card of cards) expect(cardProblems(card)).toEqual([]);
    const confirm = texts(contactsConfirmCard(offer, 'contacts.csv', plan, tr)).join('\n');
    expect(confirm).toContain('replaces the 3 current contacts with the 1 contacts in the file');
    expect(confirm).toContain('no Partner sales contact: Canada (CA), Poland (PL)');
    expect(texts(documentsCard(offer, tr, true)).join('\n')).toContain('deck.pptx · PPTX · 2.4 MB');
    expect(texts(orgFactsCard(makeFacts(), tr, false)).join('\n')).toContain('$150,000.00');
  });
});
