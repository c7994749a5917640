import { covers, type Contact, type Offer, type OfferType, type OrgFacts, type SolutionType } from './offer';

/**
 * The co-sell status of an offer, computed from the seeds' requirements table (seeds 000/002,
 * 001/003; shared/domain.md §2). Pure: the same offer, contacts and facts always give the same
 * answer, with a check per rule so that a person sees exactly what is missing.
 *
 * Where the seeds differ:
 * - the customer pitch deck is "optional" in seed 000/002 and "required" in the newer seed 003:
 *   required here, as in domain.md;
 * - billed revenue is "monthly" in seed 002 and unqualified in 000: taken over the trailing
 *   12 months, like the ACR it stands in for;
 * - the share of IP built on Azure is a fact about the solution (seed 000: "this solution must…"),
 *   so it is kept on the offer, not with the organisation's facts.
 */
export const CO_SELL_STATUSES = ['NotReady', 'CoSellReady', 'CoSellIncentivized'] as const;
export type CoSellStatus = (typeof CO_SELL_STATUSES)[number];

export type IncentiveProgram = 'AzureIp' | 'BusinessApplications';

/** USD 100,000 ACR over the trailing 12 months, or billed revenue for a transactable offer. */
export const INCENTIVE_REVENUE_THRESHOLD_USD = 100_000;
/** More than 50% of the solution's repeatable IP code built on Azure. */
export const AZURE_IP_SHARE_MIN_PERCENT = 50;

export type RequirementStep = 'publish' | 'csp' | 'coSellReady' | 'incentive';

export type RequirementId =
  | 'published'
  | 'businessProfile'
  | 'cspOptIn'
  | 'listing'
  | 'markets'
  | 'onePager'
  | 'pitchDeck'
  | 'landingPage'
  | 'caseStudyOrOther'
  | 'contactEveryMarket'
  | 'salesContactEveryMarket'
  | 'goldCompetency'
  | 'revenueThreshold'
  | 'azureIpShare'
  | 'referenceArchitecture'
  | 'isvConnectPremium';

export type ListingField = 'platforms' | 'segments' | 'solutionAreas';

export interface RequirementCheck {
  id: RequirementId;
  step: RequirementStep;
  met: boolean;
  /** Optional steps (CSP) are shown but never hold the status back. */
  optional: boolean;
  /** What is missing: market countries without a contact, or empty listing fields. */
  missing?: string[];
}

export interface Readiness {
  status: CoSellStatus;
  /** The incentive tier this offer can qualify for, if any (IP solutions of some offer types). */
  program?: IncentiveProgram;
  checks: RequirementCheck[];
  /** The status the offer can reach next; undefined when it is at the top of its path. */
  next?: CoSellStatus;
}

export interface ReadinessInput {
  offer: Pick<
    Offer,
    | 'offerType'
    | 'published'
    | 'businessProfileComplete'
    | 'cspOptIn'
    | 'transactable'
    | 'solutionType'
    | 'platforms'
    | 'segments'
    | 'solutionAreas'
    | 'markets'
    | 'azureIpSharePercent'
    | 'documents'
  >;
  contacts: ReadonlyArray<Pick<Contact, 'role' | 'countries'>>;
  facts: Pick<OrgFacts, 'acrTtmUsd' | 'billedRevenueTtmUsd' | 'goldCompetency' | 'isvConnectPremium'>;
}

const INCENTIVE_BY_OFFER_TYPE: Partial<Record<OfferType, IncentiveProgram>> = {
  azureApplication: 'AzureIp',
  azureContainer: 'AzureIp',
  azureVirtualMachine: 'AzureIp',
  iotEdgeModule: 'AzureIp',
  saas: 'AzureIp',
  dynamics365CustomerEngagement: 'BusinessApplications',
  dynamics365Operations: 'BusinessApplications',
  dynamics365BusinessCentral: 'BusinessApplications',
  powerBiApp: 'BusinessApplications',
};

/** Seller incentives are for packaged IP solutions only; the offer type picks the tier. */
export function incentiveProgramOf(offer: Pick<Offer, 'solutionType' | 'offerType'>): IncentiveProgram | undefined {
  return offer.solutionType === 'IP' ? INCENTIVE_BY_OFFER_TYPE[offer.offerType] : undefined;
}

/** Services and managed services also need an active Gold competency to be co-sell ready. */
export function isServicesSolution(type: SolutionType): boolean {
  return type === 'Services' || type === 'ManagedServices';
}

export function evaluateReadiness({ offer, contacts, facts }: ReadinessInput): Readiness {
  const has = (kind: Offer['documents'][number]['kind']) => offer.documents.some((d) => d.kind === kind);
  const check = (id: RequirementId, step: RequirementStep, met: boolean, missing?: string[]): RequirementCheck => ({
    id,
    step,
    met,
    optional: step === 'csp',
    ...(missing && missing.length > 0 ? { missing } : {}),
  });

  const emptyListing: ListingField[] = [];
  if (offer.platforms.length === 0) emptyListing.push('platforms');
  if (offer.segments.length === 0) emptyListing.push('segments');
  if (offer.solutionAreas.length === 0) emptyListing.push('solutionAreas');
  const withoutContact = offer.markets.filter((m) => !contacts.some((c) => covers(c, m)));
  const withoutSales = offer.markets.filter((m) => !contacts.some((c) => c.role === 'PartnerSales' && covers(c, m)));

  const checks: RequirementCheck[] = [
    check('published', 'publish', offer.published),
    check('businessProfile', 'publish', offer.businessProfileComplete),
    check('cspOptIn', 'csp', offer.cspOptIn),
    check('listing', 'coSellReady', emptyListing.length === 0, emptyListing),
    check('markets', 'coSellReady', offer.markets.length > 0),
    check('onePager', 'coSellReady', has('onePager')),
    check('pitchDeck', 'coSellReady', has('pitchDeck')),
    check('landingPage', 'coSellReady', has('externalUrl')),
    check('caseStudyOrOther', 'coSellReady', has('caseStudy') || has('customerWins') || has('additional')),
    check('contactEveryMarket', 'coSellReady', withoutContact.length === 0, withoutContact),
    check('salesContactEveryMarket', 'coSellReady', withoutSales.length === 0, withoutSales),
  ];
  if (isServicesSolution(offer.solutionType)) checks.push(check('goldCompetency', 'coSellReady', facts.goldCompetency));

  const program = incentiveProgramOf(offer);
  if (program === 'AzureIp') {
    const threshold = INCENTIVE_REVENUE_THRESHOLD_USD;
    const revenueMet = facts.acrTtmUsd >= threshold || (offer.transactable && facts.billedRevenueTtmUsd >= threshold);
    checks.push(
      check('revenueThreshold', 'incentive', revenueMet),
      check('azureIpShare', 'incentive', (offer.azureIpSharePercent ?? 0) > AZURE_IP_SHARE_MIN_PERCENT),
      check('referenceArchitecture', 'incentive', has('referenceArchitecture')),
    );
  } else if (program === 'BusinessApplications') {
    checks.push(check('isvConnectPremium', 'incentive', facts.isvConnectPremium));
  }

  const stepMet = (step: RequirementStep) => checks.every((c) => c.step !== step || c.met || c.optional);
  const ready = stepMet('publish') && stepMet('coSellReady');
  const status: CoSellStatus = !ready ? 'NotReady' : program && stepMet('incentive') ? 'CoSellIncentivized' : 'CoSellReady';
  const next: CoSellStatus | undefined = status === 'NotReady' ? 'CoSellReady' : status === 'CoSellReady' && program ? 'CoSellIncentivized' : undefined;
  return { status, ...(program ? { program } : {}), checks, ...(next ? { next } : {}) };
}

/** Co-sell ready or better: the offers that can be attached to deals as our company's solutions. */
export function isCoSellReady(status: CoSellStatus): boolean {
  return status !== 'NotReady';
}
