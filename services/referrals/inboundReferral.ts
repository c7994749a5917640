import { z } from 'zod';
import {
  Consent,
  CustomerProfile,
  DealDetails,
  InviteContext,
  Qualification,
  ReferralStatus,
  ReferralSubstatus,
  ReferralType,
  Solution,
} from '../opportunities/opportunity';

/**
 * What arrives at POST /api/referrals: a referral in the Partner Center Referrals API shape plus
 * the partner's tenant id, and the event it reports. Unknown Referrals API fields are ignored so
 * that a full Partner Center payload is accepted; what we keep is validated strictly.
 */
const isoDateTime = z.string().datetime({ offset: true });

/** Tenant ids end up in partition keys and Cosmos ids: keep them to safe characters. */
export const TenantId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'a tenant id (letters, digits, dot, dash, underscore)');
export const ExternalReferralId = z.string().min(1).max(100);

export const ReferralCreatedEvent = z.object({
  eventType: z.literal('referral-created').default('referral-created'),
  tenantId: TenantId,
  /** The sender's (Partner Center's) id for the referral: the idempotency key. */
  id: ExternalReferralId,
  name: z.string().min(1).max(200),
  type: ReferralType.default('Shared'),
  qualification: Qualification.default('None'),
  /** A new referral is New/(Pending|Received); anything else is not a referral to answer. */
  status: z.literal('New').default('New'),
  substatus: z.enum(['Pending', 'Received']).default('Received'),
  customerProfile: CustomerProfile,
  consent: Consent.optional(),
  details: DealDetails,
  inviteContext: InviteContext.optional(),
  createdDateTime: isoDateTime.optional(),
  expirationDateTime: isoDateTime.optional(),
});
export type ReferralCreatedEvent = z.infer<typeof ReferralCreatedEvent>;

/** The sender changed the referral: its state (e.g. closed it) and/or some of its details. */
export const ReferralUpdatedEvent = z.object({
  eventType: z.literal('referral-updated'),
  tenantId: TenantId,
  id: ExternalReferralId,
  name: z.string().min(1).max(200).optional(),
  status: ReferralStatus.optional(),
  substatus: ReferralSubstatus.optional(),
  customerProfile: CustomerProfile.optional(),
  details: z
    .object({
      notes: z.string().max(4000).optional(),
      dealValue: z.number().nonnegative().finite().optional(),
      currency: DealDetails.shape.currency.optional(),
      closingDateTime: isoDateTime.optional(),
      requirements: z.object({ solutions: z.array(Solution) }).optional(),
    })
    .optional(),
  inviteContext: InviteContext.optional(),
  expirationDateTime: isoDateTime.optional(),
  /** Why it was closed, in the sender's words. */
  statusReason: z.string().max(4000).optional(),
});
export type ReferralUpdatedEvent = z.infer<typeof ReferralUpdatedEvent>;

/** Routes the body by its `eventType` (absent means a new referral). */
export const ReferralEvent = z.preprocess(
  (body) => (body && typeof body === 'object' && !('eventType' in body) ? { ...body, eventType: 'referral-created' } : body),
  z.discriminatedUnion('eventType', [ReferralCreatedEvent.extend({ eventType: z.literal('referral-created') }), ReferralUpdatedEvent]),
);
export type ReferralEvent = z.infer<typeof ReferralEvent>;
