import { Translator } from '../../../services/i18n/catalog';
import { CO_SELL_CATALOG } from '../../../services/offers/coSellCatalog';
import { CONTACT_ROLES, DOCUMENT_KINDS, OFFER_TYPES, SOLUTION_TYPES } from '../../../services/offers/offer';
import { CO_SELL_STATUSES, evaluateReadiness } from '../../../services/offers/readiness';
import { makeFacts, makeOffer } from '../../helpers/offers';

/** A missing key shows as the key itself: every id the offers feature can show must have words. */
describe('offer words in the message catalog', () => {
  const tr = new Translator('en-US');
  const missing = (keys: string[]) => keys.filter((k) => tr.t(k) === k);

  it('names every catalog entry, type, role, document kind and status', () => {
    expect(
      missing([
        ...OFFER_TYPES.map((id) => `offers.catalog.offerTypes.${id}`),
        ...SOLUTION_TYPES.map((id) => `offers.catalog.solutionTypes.${id}`),
        ...CO_SELL_CATALOG.platforms.map((id) => `offers.catalog.platforms.${id}`),
        ...CO_SELL_CATALOG.segments.map((id) => `offers.catalog.segments.${id}`),
        ...CO_SELL_CATALOG.solutionAreas.map((a) => `offers.catalog.solutionAreas.${a.id}`),
        ...CO_SELL_CATALOG.solutionAreas.flatMap((a) => a.subAreas.map((s) => `offers.catalog.subAreas.${s}`)),
        ...CONTACT_ROLES.map((id) => `offers.catalog.contactRoles.${id}`),
        ...DOCUMENT_KINDS.map((id) => `offers.catalog.documentKinds.${id}`),
        ...CO_SELL_STATUSES.map((id) => `offers.status.${id}`),
        'offers.program.AzureIp',
        'offers.program.BusinessApplications',
        'offers.benefits.CoSellReady',
        'offers.benefits.AzureIp',
        'offers.benefits.BusinessApplications',
      ]),
    ).toEqual([]);
  });

  it('gives every requirement a label and a next step', () => {
    const offers = [makeOffer(), makeOffer({ solutionType: 'Services', offerType: 'consultingService' }), makeOffer({ offerType: 'powerBiApp' })];
    const ids = new Set(offers.flatMap((offer) => evaluateReadiness({ offer, contacts: [], facts: makeFacts() }).checks.map((c) => c.id)));
    expect(ids.size).toBe(16);
    expect(missing([...ids].flatMap((id) => [`offers.requirements.${id}.label`, `offers.requirements.${id}.next`]))).toEqual([]);
  });
});
