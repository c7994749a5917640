import { z } from 'zod';
import { Duns } from '../customers/customer';
import type { Clock } from '../clock';
import { Address, HelpCode, Solution } from '../opportunities/opportunity';
import { isValidInternationalPhone } from './contactRules';
import { PROBLEM } from './dealProblems';

/**
 * What a person fills in to create a deal (shared/domain.md §1, "Creating an opportunity").
 * Every message is a catalog key (see dealProblems.ts). The dialog validates each answer with these
 * same field schemas, and `DealService.create` validates the whole draft once more before writing.
 */
const text = (max: number, requiredKey: string = PROBLEM.required) =>
  z.string().trim().min(1, requiredKey).max(max, PROBLEM.tooLong);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, PROBLEM.tooLong)
    .optional()
    .transform((v) => (v ? v : undefined));

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export const PersonName = text(200);
export const Email = z.string().trim().max(254, PROBLEM.tooLong).pipe(z.email(PROBLEM.email));
/** Already in international form: the dialog normalises what was typed (contactRules.normalisePhone). */
export const PhoneNumber = z.string().trim().refine(isValidInternationalPhone, PROBLEM.phone);

export const ContactPerson = z.object({ name: PersonName, phoneNumber: PhoneNumber, email: Email });
export type ContactPerson = z.infer<typeof ContactPerson>;

export const CurrencyCode = z
  .string()
  .trim()
  .transform((c) => c.toUpperCase())
  .refine((c) => CURRENCIES.has(c), PROBLEM.currency);

/** A calendar date, YYYY-MM-DD, that exists (no 31 February). */
export const CalendarDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, PROBLEM.date)
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), PROBLEM.date);

export const DealName = text(200);
export const DealValue = z.number().finite().positive(PROBLEM.amount).max(1e13, PROBLEM.amount);
export const ExternalId = optionalText(100);
export const Notes = optionalText(4000);

export const DraftCustomer = z.object({
  name: text(200),
  address: Address,
  duns: Duns.optional(),
});
export type DraftCustomer = z.infer<typeof DraftCustomer>;

export const DraftDetails = z.object({
  name: DealName,
  dealValue: DealValue,
  currency: CurrencyCode,
  closeDate: CalendarDate,
  crmId: ExternalId,
  campaignId: ExternalId,
  notes: Notes,
});
export type DraftDetails = z.infer<typeof DraftDetails>;

export const HelpCodes = z.array(HelpCode).min(1, PROBLEM.helpCodesRequired).max(6);
export const HelpNotes = text(4000, PROBLEM.helpNotesRequired);

/** "Would you like Microsoft's help?": no → private pipeline deal; yes → co-sell deal. */
export const MicrosoftHelp = z.discriminatedUnion('wanted', [
  z.object({ wanted: z.literal(false) }),
  z.object({ wanted: z.literal(true), helpCodes: HelpCodes, notes: HelpNotes }),
]);
export type MicrosoftHelp = z.infer<typeof MicrosoftHelp>;

export const DealDraft = z
  .object({
    customer: DraftCustomer,
    customerContact: ContactPerson.optional(),
    /** The partner confirmed the customer agreed to share the contact with Microsoft. */
    consent: z.boolean(),
    details: DraftDetails,
    team: z.array(ContactPerson).min(1, PROBLEM.teamRequired).max(20),
    solutions: z.array(Solution).min(1, PROBLEM.solutionsRequired).max(30),
    help: MicrosoftHelp,
  })
  .superRefine((d, ctx) => {
    // Microsoft sellers may call the customer: a co-sell request needs the contact and the consent.
    if (!d.help.wanted) return;
    if (!d.customerContact) ctx.addIssue({ code: 'custom', path: ['customerContact'], message: PROBLEM.helpNeedsContact });
    if (!d.consent) ctx.addIssue({ code: 'custom', path: ['consent'], message: PROBLEM.helpNeedsConsent });
  });
export type DealDraft = z.infer<typeof DealDraft>;

/** Today's date (UTC) by the clock, YYYY-MM-DD: the earliest close date a new deal may have. */
export function today(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}

export function closeDateProblem(date: string, clock: Clock): string | undefined {
  const parsed = CalendarDate.safeParse(date);
  if (!parsed.success) return PROBLEM.date;
  return parsed.data < today(clock) ? PROBLEM.dateInPast : undefined;
}
