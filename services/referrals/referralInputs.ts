import { z } from 'zod';
import {
  CurrencyCode,
  DealRegistration,
  DeclineReason,
  HelpCode,
  LostReason,
  Solution,
} from '../opportunities/opportunity';

/**
 * What a person gives for each action on a referral, already typed (the bot turns card inputs into
 * these). The service validates them again, so no caller can store a half-valid deal.
 */
const isoDateTime = z.string().datetime({ offset: true });
const optionalText = (max: number) => z.string().trim().max(max).optional();

/** An employee working the deal: name, phone and email are all required (seed 004). */
export const Employee = z.object({
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().max(100).default(''),
  email: z.string().trim().email().max(254),
  phoneNumber: z.string().trim().min(3).max(40),
});
export type Employee = z.infer<typeof Employee>;

export const DealFields = z.object({
  name: z.string().trim().min(1).max(200),
  dealValue: z.number().nonnegative().finite(),
  currency: CurrencyCode,
  closingDateTime: isoDateTime,
  notes: optionalText(4000),
  crmId: optionalText(100),
  campaignId: optionalText(100),
});
export type DealFields = z.infer<typeof DealFields>;

export const AcceptInput = DealFields.extend({
  team: z.array(Employee).min(1).max(10),
});
export type AcceptInput = z.infer<typeof AcceptInput>;

/** "Other" needs words: the sender should learn why. */
export const DeclineInput = z
  .object({ reason: DeclineReason, notes: optionalText(4000) })
  .refine((d) => d.reason !== 8 || !!d.notes, { path: ['notes'], message: 'notes are required when the reason is Other' });
export type DeclineInput = z.infer<typeof DeclineInput>;

export const WonInput = z.object({
  dealValue: z.number().nonnegative().finite(),
  wonDateTime: isoDateTime,
  notes: optionalText(4000),
  dealRegistration: DealRegistration.optional(),
});
export type WonInput = z.infer<typeof WonInput>;

export const LostInput = z
  .object({ reason: LostReason, notes: optionalText(4000) })
  .refine((d) => d.reason !== 'Other' || !!d.notes, { path: ['notes'], message: 'notes are required when the reason is Other' });
export type LostInput = z.infer<typeof LostInput>;

export const SolutionsInput = z.object({ solutions: z.array(Solution).min(1).max(20) });
export type SolutionsInput = z.infer<typeof SolutionsInput>;

/** Asking Microsoft for help: what help, why, and a customer contact the partner may share. */
export const InviteInput = z.object({
  helpCodes: z.array(HelpCode).min(1).max(6),
  notes: z.string().trim().min(1).max(4000),
  contact: Employee,
  consent: z.literal(true),
});
export type InviteInput = z.infer<typeof InviteInput>;
