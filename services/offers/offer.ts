import { z } from 'zod';
import {
  areaOfSubArea,
  isPlatform,
  isSegment,
  MAX_SOLUTION_AREAS,
  MAX_SUB_AREAS_PER_AREA,
  solutionArea,
} from './coSellCatalog';
import { ALL_COUNTRIES, countryOfSubdivision, isCountryCode } from './countries';

/**
 * A marketplace offer's co-sell data (shared/domain.md §2, seeds 000–003): the listing, the
 * documents, and — in their own document, see OfferContacts — the contacts. zod schemas are the
 * single source of the types.
 */

/** The eleven offer types the co-sell option applies to (seed 003). */
export const OFFER_TYPES = [
  'azureApplication',
  'azureContainer',
  'azureVirtualMachine',
  'consultingService',
  'dynamics365CustomerEngagement',
  'dynamics365Operations',
  'dynamics365BusinessCentral',
  'iotEdgeModule',
  'managedService',
  'powerBiApp',
  'saas',
] as const;
export const OfferType = z.enum(OFFER_TYPES);
export type OfferType = z.infer<typeof OfferType>;

/** Device (hardware), IP (application), Services, Managed services. */
export const SOLUTION_TYPES = ['Device', 'IP', 'Services', 'ManagedServices'] as const;
export const SolutionType = z.enum(SOLUTION_TYPES);
export type SolutionType = z.infer<typeof SolutionType>;

export const CONTACT_ROLES = ['PartnerMarketing', 'PartnerSales', 'PartnerTechnicalSales', 'PartnerCustomerSuccessManager'] as const;
export const ContactRole = z.enum(CONTACT_ROLES);
export type ContactRole = z.infer<typeof ContactRole>;

export const DOCUMENT_KINDS = [
  'onePager',
  'pitchDeck',
  'caseStudy',
  'customerWins',
  'channelPitchDeck',
  'referenceArchitecture',
  'additional',
  'externalUrl',
] as const;
export const DocumentKind = z.enum(DOCUMENT_KINDS);
export type DocumentKind = z.infer<typeof DocumentKind>;

/** Up to five additional documents or videos; every other kind is one document. */
export const MAX_ADDITIONAL_DOCUMENTS = 5;

const isoDateTime = z.string().datetime({ offset: true });
export const CountryCode = z.string().refine(isCountryCode, 'an ISO 3166-1 alpha-2 country code such as US');
const Actor = z.object({ userId: z.string().min(1), name: z.string().optional() });
export type Actor = z.infer<typeof Actor>;

export const SolutionAreaChoice = z
  .object({
    area: z.string().refine((id) => solutionArea(id) !== undefined, 'a solution area from the catalog'),
    subAreas: z.array(z.string()).max(MAX_SUB_AREAS_PER_AREA),
  })
  .superRefine((choice, ctx) => {
    for (const sub of choice.subAreas) {
      if (areaOfSubArea(sub)?.id !== choice.area) ctx.addIssue({ code: 'custom', path: ['subAreas'], message: `${sub} is not a sub-area of ${choice.area}` });
    }
  });
export type SolutionAreaChoice = z.infer<typeof SolutionAreaChoice>;

/** A https link, without credentials in it (it is shown to Microsoft sellers). */
export const HttpsUrl = z
  .string()
  .max(2048)
  .refine((text) => {
    try {
      const url = new URL(text);
      return url.protocol === 'https:' && url.hostname.includes('.') && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'a https:// link');

const DocumentBase = z.object({
  id: z.string().min(1).max(100),
  kind: DocumentKind,
  /** The file name, or a title for a link. */
  name: z.string().min(1).max(200),
  addedAt: isoDateTime,
  addedBy: Actor,
});

export const OfferDocument = z.discriminatedUnion('source', [
  DocumentBase.extend({ source: z.literal('link'), url: HttpsUrl }),
  DocumentBase.extend({
    source: z.literal('file'),
    /** Where the bytes are, in the DocumentFileStore. */
    fileId: z.string().min(1).max(100),
    /** The file type by its extension: pdf, pptx, … */
    fileType: z.string().min(1).max(10),
    contentType: z.string().min(1).max(200),
    sizeBytes: z.number().int().positive(),
  }),
]);
export type OfferDocument = z.infer<typeof OfferDocument>;

/** The listing fields a person edits in the offer form (everything but bookkeeping and documents). */
export const OfferListing = z.object({
  name: z.string().trim().min(1).max(100),
  offerType: OfferType,
  /** The offer meets the commercial marketplace publishing requirements and is published. */
  published: z.boolean(),
  businessProfileComplete: z.boolean(),
  cspOptIn: z.boolean(),
  /** Sold through the marketplace (billed revenue then counts toward the incentive threshold). */
  transactable: z.boolean(),
  solutionType: SolutionType,
  platforms: z.array(z.string().refine(isPlatform, 'a Microsoft platform from the catalog')),
  segments: z.array(z.string().refine(isSegment, 'a target segment from the catalog')),
  solutionAreas: z
    .array(SolutionAreaChoice)
    .max(MAX_SOLUTION_AREAS)
    .refine((areas) => new Set(areas.map((a) => a.area)).size === areas.length, 'each solution area once'),
  /** Countries where the offer is available. */
  markets: z.array(CountryCode).refine((m) => new Set(m).size === m.length, 'each country once'),
  /** Share of the solution's repeatable IP code built on Azure (percent), for the Azure IP incentive. */
  azureIpSharePercent: z.number().min(0).max(100).optional(),
});
export type OfferListing = z.infer<typeof OfferListing>;

export const Offer = OfferListing.extend({
  id: z.string().min(1).max(100),
  tenantId: z.string().min(1).max(100),
  /** The name folded for lookups ("status of contoso"); indexed. */
  nameKey: z.string().min(1).max(100),
  documents: z.array(OfferDocument).default([]),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  createdBy: Actor,
  updatedBy: Actor,
});
export type Offer = z.infer<typeof Offer>;

export function nameKeyOf(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('en-US');
}

/** `OOO` alone, or ISO alpha-2 codes: the countries a contact covers. */
export const ContactCountries = z
  .array(z.string())
  .min(1)
  .refine((c) => (c.includes(ALL_COUNTRIES) ? c.length === 1 : c.every(isCountryCode)), 'OOO alone, or ISO country codes');

export const CONTACT_LIMITS = { name: 100, email: 254, jobTitle: 100 } as const;
export const EmailAddress = z.string().email().max(CONTACT_LIMITS.email);

export const Contact = z
  .object({
    name: z.string().min(1).max(CONTACT_LIMITS.name),
    email: EmailAddress,
    jobTitle: z.string().min(1).max(CONTACT_LIMITS.jobTitle),
    role: ContactRole,
    countries: ContactCountries,
    stateOrProvince: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.stateOrProvince === undefined) return;
    const country = countryOfSubdivision(c.stateOrProvince);
    const covered = country !== undefined && (c.countries.includes(ALL_COUNTRIES) || c.countries.includes(country));
    if (!covered) ctx.addIssue({ code: 'custom', path: ['stateOrProvince'], message: 'XX-XX, in one of the contact’s countries' });
  });
export type Contact = z.infer<typeof Contact>;

/**
 * The contacts of one offer's co-sell listing. One document per offer, so an import — which
 * replaces the whole list, as in Partner Center — is one conditional write.
 */
export const OfferContacts = z.object({
  /** The offer's id. */
  id: z.string().min(1).max(100),
  tenantId: z.string().min(1).max(100),
  contacts: z.array(Contact),
  updatedAt: isoDateTime,
  updatedBy: Actor,
});
export type OfferContacts = z.infer<typeof OfferContacts>;

/** Does this contact cover that market country? */
export function covers(contact: Pick<Contact, 'countries'>, country: string): boolean {
  return contact.countries.includes(ALL_COUNTRIES) || contact.countries.includes(country);
}

/**
 * Facts about the partner organisation that the incentive tiers depend on, kept per tenant and
 * edited by its partner admins (the bot cannot read them from Partner Center).
 */
export const OrgFacts = z.object({
  id: z.literal('orgFacts'),
  tenantId: z.string().min(1).max(100),
  /** Azure consumed revenue over the trailing 12 months, in USD. */
  acrTtmUsd: z.number().nonnegative().finite(),
  /** Marketplace billed revenue over the trailing 12 months, in USD (counts for transactable offers). */
  billedRevenueTtmUsd: z.number().nonnegative().finite(),
  /** An active Gold competency (needed for services to be co-sell ready). */
  goldCompetency: z.boolean(),
  /** Active enrolment in the ISV Connect Premium tier (Business Applications incentive). */
  isvConnectPremium: z.boolean(),
  updatedAt: isoDateTime.optional(),
  updatedBy: Actor.optional(),
});
export type OrgFacts = z.infer<typeof OrgFacts>;

export function emptyOrgFacts(tenantId: string): OrgFacts {
  return { id: 'orgFacts', tenantId, acrTtmUsd: 0, billedRevenueTtmUsd: 0, goldCompetency: false, isvConnectPremium: false };
}
