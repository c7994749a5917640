import { OFFER_TYPES, type Contact, type Offer, type OfferDocument, type OrgFacts } from '../../../services/offers/offer';
import { evaluateReadiness, incentiveProgramOf, type CoSellStatus, type RequirementId } from '../../../services/offers/readiness';
import { linkDocument, makeContact, makeFacts, makeOffer, salesContactEverywhere } from '../../helpers/offers';

type Case = {
  rule: string;
  offer?: Partial<Offer>;
  contacts?: Contact[];
  facts?: Partial<OrgFacts>;
  status: CoSellStatus;
  /** Checks that must be unmet, with what is missing when it matters. */
  unmet?: Array<RequirementId | [RequirementId, string[]]>;
};

const without = (...kinds: OfferDocument['kind'][]) => makeOffer().documents.filter((d) => !kinds.includes(d.kind));
const servicesOffer: Partial<Offer> = { offerType: 'consultingService', solutionType: 'Services', azureIpSharePercent: undefined };
const bizApps: Partial<Offer> = { offerType: 'dynamics365BusinessCentral' };

function run(c: Case) {
  return evaluateReadiness({ offer: makeOffer(c.offer), contacts: c.contacts ?? salesContactEverywhere, facts: makeFacts(c.facts) });
}

/** One row per rule of the seeds' requirements table (seeds 000/002 steps 1–4, 001/003 listing). */
const TABLE: Case[] = [
  // The reference offer meets everything.
  { rule: 'all requirements met (Azure IP)', status: 'CoSellIncentivized' },

  // Step 1: business profile + published in the commercial marketplace (IP and services).
  { rule: '1: offer not published in the marketplace', offer: { published: false }, status: 'NotReady', unmet: ['published'] },
  { rule: '1: business profile incomplete', offer: { businessProfileComplete: false }, status: 'NotReady', unmet: ['businessProfile'] },
  { rule: '1: services offer not published', offer: { ...servicesOffer, published: false }, facts: { goldCompetency: true }, status: 'NotReady', unmet: ['published'] },

  // Step 2 (optional): CSP opt-in never holds the status back.
  { rule: '2: no CSP opt-in is fine', offer: { cspOptIn: false }, status: 'CoSellIncentivized', unmet: ['cspOptIn'] },

  // Step 3, IP: co-sell materials.
  { rule: '3 IP: no customer one-pager', offer: { documents: without('onePager') }, status: 'NotReady', unmet: ['onePager'] },
  { rule: '3 IP: no customer pitch deck', offer: { documents: without('pitchDeck') }, status: 'NotReady', unmet: ['pitchDeck'] },
  { rule: '3 IP: no solution landing page URL', offer: { documents: without('externalUrl') }, status: 'NotReady', unmet: ['landingPage'] },
  { rule: '3 IP: no case study or other reference', offer: { documents: without('caseStudy') }, status: 'NotReady', unmet: ['caseStudyOrOther'] },
  { rule: '3 IP: verifiable customer wins stand in for a case study', offer: { documents: [...without('caseStudy'), linkDocument('customerWins')] }, status: 'CoSellIncentivized' },
  { rule: '3 IP: an additional document stands in for a case study', offer: { documents: [...without('caseStudy'), linkDocument('additional')] }, status: 'CoSellIncentivized' },
  {
    rule: '3 IP: a market with no contact at all',
    contacts: [makeContact({ countries: ['US', 'CA'] })],
    status: 'NotReady',
    unmet: [['contactEveryMarket', ['PL']], ['salesContactEveryMarket', ['PL']]],
  },
  {
    rule: '3 IP: a market with contacts but no Partner sales contact',
    contacts: [makeContact({ countries: ['US', 'CA'] }), makeContact({ role: 'PartnerMarketing', countries: ['PL'] })],
    status: 'NotReady',
    unmet: [['salesContactEveryMarket', ['PL']]],
  },
  {
    rule: '3 IP: one Partner sales contact may cover several markets',
    contacts: [makeContact({ countries: ['US', 'CA', 'PL'] })],
    status: 'CoSellIncentivized',
  },
  { rule: '3 IP: no contacts at all', contacts: [], status: 'NotReady', unmet: [['contactEveryMarket', ['US', 'CA', 'PL']], ['salesContactEveryMarket', ['US', 'CA', 'PL']]] },
  { rule: '3: no markets chosen', offer: { markets: [] }, status: 'NotReady', unmet: ['markets'] },
  { rule: '3: listing without Microsoft platforms', offer: { platforms: [] }, status: 'NotReady', unmet: [['listing', ['platforms']]] },
  {
    rule: '3: listing without segments and solution areas',
    offer: { segments: [], solutionAreas: [] },
    status: 'NotReady',
    unmet: [['listing', ['segments', 'solutionAreas']]],
  },

  // Step 3, services: the same materials plus an active Gold competency.
  { rule: '3 services: no Gold competency', offer: servicesOffer, status: 'NotReady', unmet: ['goldCompetency'] },
  { rule: '3 services: with Gold competency, co-sell ready (no incentive tier)', offer: servicesOffer, facts: { goldCompetency: true }, status: 'CoSellReady' },
  { rule: '3 managed services: no Gold competency', offer: { offerType: 'managedService', solutionType: 'ManagedServices' }, status: 'NotReady', unmet: ['goldCompetency'] },
  { rule: '3 services: materials still required', offer: { ...servicesOffer, documents: without('onePager') }, facts: { goldCompetency: true }, status: 'NotReady', unmet: ['onePager'] },

  // Step 4, Azure IP: revenue threshold, >50% of IP on Azure, reference architecture diagram.
  { rule: '4 Azure IP: ACR just below USD 100,000', facts: { acrTtmUsd: 99_999 }, status: 'CoSellReady', unmet: ['revenueThreshold'] },
  { rule: '4 Azure IP: ACR of exactly USD 100,000 meets it', facts: { acrTtmUsd: 100_000 }, status: 'CoSellIncentivized' },
  { rule: '4 Azure IP: transactable offer with USD 100,000 billed revenue', offer: { transactable: true }, facts: { acrTtmUsd: 0, billedRevenueTtmUsd: 100_000 }, status: 'CoSellIncentivized' },
  { rule: '4 Azure IP: billed revenue does not count for a non-transactable offer', facts: { acrTtmUsd: 0, billedRevenueTtmUsd: 500_000 }, status: 'CoSellReady', unmet: ['revenueThreshold'] },
  { rule: '4 Azure IP: exactly 50% of IP on Azure is not more than half', offer: { azureIpSharePercent: 50 }, status: 'CoSellReady', unmet: ['azureIpShare'] },
  { rule: '4 Azure IP: 51% of IP on Azure', offer: { azureIpSharePercent: 51 }, status: 'CoSellIncentivized' },
  { rule: '4 Azure IP: share of IP on Azure not given', offer: { azureIpSharePercent: undefined }, status: 'CoSellReady', unmet: ['azureIpShare'] },
  { rule: '4 Azure IP: no reference architecture diagram', offer: { documents: without('referenceArchitecture') }, status: 'CoSellReady', unmet: ['referenceArchitecture'] },
  { rule: '4 Azure IP: incentive facts alone do not skip step 3', offer: { documents: without('pitchDeck') }, status: 'NotReady', unmet: ['pitchDeck'] },

  // Step 4, Business Applications: ISV Connect Premium.
  { rule: '4 Business Applications: no ISV Connect Premium', offer: bizApps, status: 'CoSellReady', unmet: ['isvConnectPremium'] },
  { rule: '4 Business Applications: ISV Connect Premium', offer: bizApps, facts: { isvConnectPremium: true, acrTtmUsd: 0 }, status: 'CoSellIncentivized' },
  { rule: '4: a device (hardware) solution has no incentive tier', offer: { solutionType: 'Device' }, status: 'CoSellReady' },
];

describe('co-sell status: the requirements table', () => {
  it.each(TABLE.map((c) => [c.rule, c] as const))('%s', (_rule, c) => {
    const r = run(c);
    expect(r.status).toBe(c.status);
    const unmet = r.checks.filter((k) => !k.met);
    const expected = (c.unmet ?? []).map((u) => (Array.isArray(u) ? u : ([u, undefined] as const)));
    expect(unmet.map((k) => k.id).sort()).toEqual(expected.map(([id]) => id).sort());
    for (const [id, missing] of expected) {
      if (missing) expect(unmet.find((k) => k.id === id)?.missing).toEqual(missing);
    }
  });

  it('names the next status, and none at the top of a path', () => {
    expect(run({ rule: '', offer: { published: false }, status: 'NotReady' }).next).toBe('CoSellReady');
    expect(run({ rule: '', facts: { acrTtmUsd: 0 }, status: 'CoSellReady' }).next).toBe('CoSellIncentivized');
    expect(run({ rule: '', status: 'CoSellIncentivized' }).next).toBeUndefined();
    expect(run({ rule: '', offer: servicesOffer, facts: { goldCompetency: true }, status: 'CoSellReady' }).next).toBeUndefined();
  });

  it('only asks services for a Gold competency, and only IP for incentive checks', () => {
    const ids = (c: Case) => run(c).checks.map((k) => k.id);
    expect(ids({ rule: '', status: 'NotReady' })).not.toContain('goldCompetency');
    expect(ids({ rule: '', offer: servicesOffer, status: 'NotReady' })).toContain('goldCompetency');
    expect(ids({ rule: '', offer: servicesOffer, status: 'NotReady' })).not.toContain('revenueThreshold');
    expect(ids({ rule: '', offer: bizApps, status: 'NotReady' })).toEqual(expect.arrayContaining(['isvConnectPremium']));
    expect(ids({ rule: '', offer: bizApps, status: 'NotReady' })).not.toContain('revenueThreshold');
  });

  it('gives every applicable offer type its incentive tier when sold as IP', () => {
    const tiers = Object.fromEntries(OFFER_TYPES.map((t) => [t, incentiveProgramOf({ offerType: t, solutionType: 'IP' }) ?? null]));
    expect(tiers).toEqual({
      azureApplication: 'AzureIp',
      azureContainer: 'AzureIp',
      azureVirtualMachine: 'AzureIp',
      consultingService: null,
      dynamics365CustomerEngagement: 'BusinessApplications',
      dynamics365Operations: 'BusinessApplications',
      dynamics365BusinessCentral: 'BusinessApplications',
      iotEdgeModule: 'AzureIp',
      managedService: null,
      powerBiApp: 'BusinessApplications',
      saas: 'AzureIp',
    });
    expect(incentiveProgramOf({ offerType: 'saas', solutionType: 'Services' })).toBeUndefined();
  });
});
