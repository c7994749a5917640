import type { Contact, Offer, OfferDocument, OfferListing, OrgFacts } from '../../services/offers/offer';

const at = '2026-11-01T09:00:00.000Z';
const by = { userId: 'aad-admin', name: 'Ada Admin' };

export function linkDocument(kind: OfferDocument['kind'], overrides: Partial<OfferDocument> = {}): OfferDocument {
  return { id: `doc-${kind}`, kind, source: 'link', name: `${kind} link`, url: `https://fabrikam.example/${kind}`, addedAt: at, addedBy: by, ...overrides } as OfferDocument;
}

/**
 * An Azure IP SaaS offer that meets every rule of the requirements table, up to co-sell
 * incentivized (with `incentivizedFacts` and `salesContactEverywhere`). Tests break one rule at a time.
 */
export function makeOffer(overrides: Partial<Offer> = {}): Offer {
  return {
    id: 'offer-1',
    tenantId: 'tenant-a',
    name: 'Fabrikam Analytics',
    nameKey: 'fabrikam analytics',
    offerType: 'saas',
    published: true,
    businessProfileComplete: true,
    cspOptIn: true,
    transactable: false,
    solutionType: 'IP',
    platforms: ['azure'],
    segments: ['enterprise'],
    solutionAreas: [{ area: 'dataAi', subAreas: ['analytics'] }],
    markets: ['US', 'CA', 'PL'],
    azureIpSharePercent: 80,
    documents: ['onePager', 'pitchDeck', 'externalUrl', 'caseStudy', 'referenceArchitecture'].map((k) => linkDocument(k as OfferDocument['kind'])),
    createdAt: at,
    updatedAt: at,
    createdBy: by,
    updatedBy: by,
    ...overrides,
  };
}

export function makeContact(overrides: Partial<Contact> = {}): Contact {
  return {
    name: 'Sam Seller',
    email: 'sam.seller@fabrikam.example',
    jobTitle: 'Account executive',
    role: 'PartnerSales',
    countries: ['OOO'],
    ...overrides,
  };
}

export const salesContactEverywhere: Contact[] = [makeContact()];

export function makeFacts(overrides: Partial<OrgFacts> = {}): OrgFacts {
  return { id: 'orgFacts', tenantId: 'tenant-a', acrTtmUsd: 150_000, billedRevenueTtmUsd: 0, goldCompetency: false, isvConnectPremium: false, ...overrides };
}

export const incentivizedFacts = makeFacts();

/** The form-editable part of an offer (what OfferService.create takes). */
export function makeListing(overrides: Partial<OfferListing> = {}): OfferListing {
  const { name, offerType, published, businessProfileComplete, cspOptIn, transactable, solutionType, platforms, segments, solutionAreas, markets, azureIpSharePercent } =
    makeOffer();
  return { name, offerType, published, businessProfileComplete, cspOptIn, transactable, solutionType, platforms, segments, solutionAreas, markets, azureIpSharePercent, ...overrides };
}
