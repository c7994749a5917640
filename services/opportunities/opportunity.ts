import { z } from 'zod';

/**
 * The co-sell opportunity, shaped after the Partner Center Referrals API so that data can round-trip
 * with it (see shared/domain.md). These zod schemas are the single source of the types.
 */

export const ReferralStatus = z.enum(['New', 'Active', 'Closed']);
export type ReferralStatus = z.infer<typeof ReferralStatus>;

export const ReferralSubstatus = z.enum(['Pending', 'Received', 'Accepted', 'Won', 'Lost', 'Declined', 'Expired']);
export type ReferralSubstatus = z.infer<typeof ReferralSubstatus>;

/** Incoming: Microsoft sellers (or other partners) sent it to us. Outgoing: we created it. */
export const ReferralDirection = z.enum(['Incoming', 'Outgoing']);
export type ReferralDirection = z.infer<typeof ReferralDirection>;

/** Shared: a co-sell deal with Microsoft. Independent: a private pipeline deal. */
export const ReferralType = z.enum(['Independent', 'Shared']);
export type ReferralType = z.infer<typeof ReferralType>;

export const Qualification = z.enum(['None', 'Direct', 'MarketingQualified', 'SalesQualified']);

/** The stage a person sees: New → Received, Active → Accepted, Closed → Archived. */
export const Stage = z.enum(['Received', 'Accepted', 'Archived']);
export type Stage = z.infer<typeof Stage>;

/** Referrals API help codes for "Would you like Microsoft's help?". */
export const HELP_CODES = [1, 2, 3, 4, 5, 6] as const;
export const HelpCode = z.number().int().min(1).max(6);

/** Referrals API decline reason codes. */
export const DECLINE_REASONS = [1, 2, 3, 4, 5, 6, 7, 8] as const;
export const DeclineReason = z.number().int().min(1).max(8);

export const LOST_REASONS = ['CustomerChoseAnotherVendor', 'BudgetNotApproved', 'NoDecision', 'RequirementNotMet', 'Other'] as const;
export const LostReason = z.enum(LOST_REASONS);

const isoDateTime = z.string().datetime({ offset: true });
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD');
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as US');

export const Address = z.object({
  addressLine1: z.string().max(200).optional(),
  addressLine2: z.string().max(200).optional(),
  city: z.string().max(100).optional(),
  state: z.string().max(100).optional(),
  postalCode: z.string().max(20).optional(),
  country: CountryCode,
  region: z.string().max(100).optional(),
});
export type Address = z.infer<typeof Address>;

export const Person = z.object({
  firstName: z.string().min(1).max(100),
  lastName: z.string().max(100).default(''),
  phoneNumber: z.string().max(40).optional(),
  email: z.string().email().max(254).optional(),
  title: z.string().max(100).optional(),
});
export type Person = z.infer<typeof Person>;

export const CustomerId = z.object({
  profileType: z.enum(['Duns', 'External']),
  id: z.string().min(1).max(100),
});

export const CustomerProfile = z.object({
  name: z.string().min(1).max(200),
  address: Address,
  size: z.string().max(50).optional(),
  team: z.array(Person).default([]),
  ids: z.array(CustomerId).default([]),
});
export type CustomerProfile = z.infer<typeof CustomerProfile>;

export const Consent = z.object({
  consentToShareReferralWithMicrosoftSellers: z.boolean().default(false),
  consentToContact: z.boolean().default(false),
});

export const SolutionKind = z.enum(['OurCompany', 'Microsoft', 'ThirdParty']);
export const Solution = z.object({
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(200),
  publisherName: z.string().max(200).optional(),
  kind: SolutionKind.optional(),
  /** Some eligible solutions ask for deal registration details when the deal is won. */
  requiresDealRegistration: z.boolean().optional(),
});
export type Solution = z.infer<typeof Solution>;

export const DealDetails = z.object({
  notes: z.string().max(4000).optional(),
  dealValue: z.number().nonnegative().finite(),
  currency: CurrencyCode,
  closingDateTime: isoDateTime,
  requirements: z
    .object({
      solutions: z.array(Solution).default([]),
      industries: z.array(z.string()).default([]),
      products: z.array(z.string()).default([]),
      services: z.array(z.string()).default([]),
    })
    .default({ solutions: [], industries: [], products: [], services: [] }),
});
export type DealDetails = z.infer<typeof DealDetails>;

/** The organisation and person on the other side of a referral (who invited us, who sent it). */
export const ReferralParty = z.object({
  organizationId: z.string().max(100).optional(),
  organizationName: z.string().max(200).optional(),
  name: z.string().max(200).optional(),
  email: z.string().max(254).optional(),
});

export const InviteContext = z.object({
  notes: z.string().max(4000).optional(),
  invitedBy: ReferralParty.optional(),
  /** Help the partner asked Microsoft for (outbound co-sell deals). */
  helpCodes: z.array(HelpCode).optional(),
});

/** Who did what when: shown when a stale card is clicked, and kept as the deal's record. */
export const HistoryEntry = z.object({
  at: isoDateTime,
  action: z.string(),
  byUserId: z.string().optional(),
  byName: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/**
 * What the sender of a referral is told when we close it (decline, expiry): the Referrals API's
 * `referral-updated` event, with the referral's new state.
 */
export const ReferralUpdatedPayload = z.object({
  eventName: z.literal('referral-updated'),
  referral: z.object({
    /** The sender's id for the referral (Partner Center id), else ours. */
    id: z.string().min(1).max(100),
    status: ReferralStatus,
    substatus: ReferralSubstatus,
    /** Referrals API decline reason code, when declined. */
    declineReason: DeclineReason.optional(),
    notes: z.string().max(4000).optional(),
    updatedDateTime: isoDateTime,
  }),
  /** Who sent the referral, so the notification reaches them. */
  sender: ReferralParty.optional(),
});
export type ReferralUpdatedPayload = z.infer<typeof ReferralUpdatedPayload>;

/** What a notice in Teams is about; the card is drawn from the opportunity when it is delivered. */
export const TeamsNoticeKind = z.enum(['reminder', 'expired', 'cosellUnengaged']);
export type TeamsNoticeKind = z.infer<typeof TeamsNoticeKind>;

const isoOrUndefined = isoDateTime.optional();

/** Delivery bookkeeping shared by every outbox event. */
const OutboxDelivery = {
  /** Stable across retries: the same state change always yields the same id (receivers drop repeats by it). */
  id: z.string().min(1).max(300),
  createdAt: isoDateTime,
  /** Failed attempts so far. */
  attempts: z.number().int().nonnegative().optional(),
  /** Not before this time (backoff, Retry-After); absent means as soon as possible. */
  nextAttemptAt: isoOrUndefined,
  lastError: z.string().max(500).optional(),
};

/**
 * A pending notification. It lives inside the opportunity so that it is written by the same
 * conditional replace as the state change it reports (the store has no cross-document
 * transactions); the outbox dispatcher delivers it and then removes it with another conditional
 * replace, so nothing is lost if the process dies in between (delivery is at-least-once).
 */
export const OutboxEvent = z.discriminatedUnion('kind', [
  /** To the referral's sender (their webhook), in the Referrals API shape. */
  z.object({ ...OutboxDelivery, kind: z.literal('referral-updated'), payload: ReferralUpdatedPayload }),
  /** A card posted to one Teams conversation (a person's chat or a channel). */
  z.object({
    ...OutboxDelivery,
    kind: z.literal('teams-notice'),
    notice: TeamsNoticeKind,
    conversationId: z.string().min(1).max(1000),
    /** Which reminder ("3d@<expiry>"), for reminders. */
    reminderKey: z.string().max(100).optional(),
  }),
  /** Post a new referral's card where the partner wants it (its referrals channel, else the admins' chats). */
  z.object({ ...OutboxDelivery, kind: z.literal('teams-announce') }),
  /** Redraw every posted card of the opportunity in place (after a change nobody clicked, e.g. expiry). */
  z.object({ ...OutboxDelivery, kind: z.literal('teams-cards') }),
]);
export type OutboxEvent = z.infer<typeof OutboxEvent>;

/** An event given up on after too many failed attempts: kept for people to look at, never retried. */
export const DeadLetter = z.object({
  event: OutboxEvent,
  deadLetteredAt: isoDateTime,
  reason: z.string().max(500),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

/** Details some eligible solutions ask for when a deal is won; Microsoft reviews them. */
export const DealRegistration = z.object({
  /** The customer's Microsoft Entra tenant id. */
  customerTenantId: z.string().uuid(),
  invoiceNumber: z.string().max(100).optional(),
});
export type DealRegistration = z.infer<typeof DealRegistration>;

export const Opportunity = z.object({
  id: z.string().min(1).max(100),
  /** The partner's Microsoft Entra tenant: the partition key and the boundary of visibility. */
  tenantId: z.string().min(1).max(100),
  /** The Partner Center referral id, when the opportunity came from or went to Partner Center. */
  externalId: z.string().max(100).optional(),
  name: z.string().min(1).max(200),
  direction: ReferralDirection,
  type: ReferralType,
  qualification: Qualification.default('None'),
  status: ReferralStatus,
  substatus: ReferralSubstatus,
  customerProfile: CustomerProfile,
  consent: Consent.default({ consentToShareReferralWithMicrosoftSellers: false, consentToContact: false }),
  details: DealDetails,
  /** The partner's employees working the deal. */
  team: z.array(Person).default([]),
  inviteContext: InviteContext.optional(),
  crmId: z.string().max(100).optional(),
  campaignId: z.string().max(100).optional(),
  declineReason: DeclineReason.optional(),
  lostReason: LostReason.optional(),
  closingNotes: z.string().max(4000).optional(),
  dealRegistration: DealRegistration.optional(),
  favorite: z.boolean().default(false),
  createdDateTime: isoDateTime,
  updatedDateTime: isoDateTime,
  acceptedDateTime: isoDateTime.optional(),
  closedDateTime: isoDateTime.optional(),
  /** When an unanswered referral (or an unengaged co-sell request) is lost. */
  expirationDateTime: isoDateTime.optional(),
  /**
   * The next time the sweeper must look at this record: the earliest of the next reminder, the
   * expiry and the next outbox delivery. Derived on every write (see dueTime.ts); indexed.
   */
  dueDateTime: isoDateTime.optional(),
  /** When the reminder schedule must be looked at next (planned by the sweeper); absent: never. */
  nextReminderAt: isoDateTime.optional(),
  /** Reminders already queued or passed over ("3d@<expiry>"): never sent again, across restarts. */
  remindersDone: z.array(z.string().max(100)).max(100).optional(),
  createdBy: z.object({ userId: z.string(), name: z.string().optional() }).optional(),
  history: z.array(HistoryEntry).default([]),
  /** Notifications waiting to be delivered (see OutboxEvent). */
  outbox: z.array(OutboxEvent).default([]),
  /** Notifications given up on (newest last, at most 20). */
  deadLetters: z.array(DeadLetter).max(20).optional(),
  /**
   * This version's revision (revision.ts), set by the store on every write; absent on versions
   * written before it was kept, whose revision is then computed when asked for.
   */
  revision: z.string().max(100).optional(),
});
export type Opportunity = z.infer<typeof Opportunity>;

export function stageOf(o: Pick<Opportunity, 'status'>): Stage {
  switch (o.status) {
    case 'New':
      return 'Received';
    case 'Active':
      return 'Accepted';
    case 'Closed':
      return 'Archived';
  }
}

/** Opportunities still being worked: not archived. */
export function isOpen(o: Pick<Opportunity, 'status'>): boolean {
  return o.status !== 'Closed';
}
