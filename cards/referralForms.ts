import type { Translator } from '../services/i18n/catalog';
import { DECLINE_REASONS, HELP_CODES, LOST_REASONS, SolutionKind, type Opportunity } from '../services/opportunities/opportunity';
import { requiresDealRegistration } from '../services/referrals/referralService';
import type { Versioned } from '../services/store/documentStore';
import { expandCard, type AdaptiveCardJson } from './cardFactory';
import { referralRef } from './referralCards';

/**
 * The forms a referral's buttons open, drawn in place of the card. Each form's submit button sends
 * the referral's ids and version plus its inputs; errors are answered on the form itself.
 */
export type FormName = 'accept' | 'decline' | 'won' | 'lost' | 'edit' | 'addEmployee' | 'solutions' | 'invite';

/** The input ids of each form (the keys its submit sends besides the referral's ids). */
export const FORM_FIELDS = {
  accept: [
    'name',
    'dealValue',
    'currency',
    'closingDate',
    'notes',
    'crmId',
    'campaignId',
    'employee1Name',
    'employee1Email',
    'employee1Phone',
    'employee2Name',
    'employee2Email',
    'employee2Phone',
  ],
  decline: ['reason', 'notes'],
  won: ['finalValue', 'wonDate', 'notes', 'customerTenantId', 'invoiceNumber'],
  lost: ['reason', 'notes'],
  edit: ['name', 'dealValue', 'currency', 'closingDate', 'notes', 'crmId', 'campaignId'],
  addEmployee: ['employeeName', 'employeeEmail', 'employeePhone'],
  solutions: ['keepSolutions', 'solutionName', 'solutionPublisher', 'solutionKind', 'solutionRegistration'],
  invite: ['helpCodes', 'helpNotes', 'contactName', 'contactEmail', 'contactPhone', 'consent'],
} as const satisfies Record<FormName, ReadonlyArray<string>>;

/** Messages that belong to the form as a whole rather than to one input. */
const EXTRA_ERROR_SLOTS: Partial<Record<FormName, ReadonlyArray<string>>> = { accept: ['employees'] };

const TEMPLATE_OF: Record<FormName, string> = {
  accept: 'referralAcceptForm',
  decline: 'referralDeclineForm',
  won: 'referralWonForm',
  lost: 'referralLostForm',
  edit: 'referralEditForm',
  addEmployee: 'referralAddEmployeeForm',
  solutions: 'referralSolutionsForm',
  invite: 'referralInviteForm',
};

export type FormValues = Record<string, string>;

export interface FormState {
  /** What the person typed (or what to prefill); missing fields come from the referral. */
  values?: FormValues;
  /** Field id → translated message. */
  errors?: Record<string, string>;
}

const WON_ADVICE_MS = 72 * 60 * 60 * 1000;

export function referralForm(form: FormName, v: Versioned<Opportunity>, tr: Translator, now: Date, state: FormState = {}): AdaptiveCardJson {
  const o = v.value;
  const fields: ReadonlyArray<string> = FORM_FIELDS[form];
  const defaults = formDefaults(form, o, now);
  const values = Object.fromEntries(fields.map((f) => [f, state.values?.[f] ?? defaults[f] ?? '']));
  const slots = [...fields, ...(EXTRA_ERROR_SLOTS[form] ?? [])];
  const errors = Object.fromEntries(slots.map((f) => [f, state.errors?.[f] ?? '']));
  const { version: _omit, ...openData } = referralRef(v);
  return expandCard(
    TEMPLATE_OF[form],
    {
      ref: referralRef(v),
      openData,
      formTitle: tr.t(`referrals.form.${form}Title`, { name: o.name }),
      customer: o.customerProfile.name,
      values,
      errors,
      hasErrors: Object.values(errors).some((e) => e !== ''),
      employee1Title: tr.t('referrals.form.employee', { number: 1 }),
      employee2Title: tr.t('referrals.form.employee', { number: 2 }),
      reasonChoices:
        form === 'lost'
          ? LOST_REASONS.map((r) => ({ title: tr.t(`referrals.lostReasons.${r}`), value: r }))
          : DECLINE_REASONS.map((r) => ({ title: tr.t(`referrals.declineReasons.${r}`), value: String(r) })),
      tooEarly: now.getTime() - new Date(o.acceptedDateTime ?? o.createdDateTime).getTime() < WON_ADVICE_MS,
      registrationRequired: requiresDealRegistration(o),
      solutionChoices: o.details.requirements.solutions.map((s) => ({ title: s.name, value: s.id })),
      kindChoices: SolutionKind.options.map((k) => ({ title: tr.t(`referrals.solutionKinds.${k}`), value: k })),
      helpChoices: HELP_CODES.map((c) => ({ title: tr.t(`referrals.helpCodes.${c}`), value: String(c) })),
    },
    tr,
  );
}

function day(iso: string | Date): string {
  return new Date(iso).toISOString().slice(0, 10);
}

function fullName(p: { firstName: string; lastName?: string }): string {
  return [p.firstName, p.lastName].filter(Boolean).join(' ');
}

/** What each form shows before the person types anything. */
function formDefaults(form: FormName, o: Opportunity, now: Date): FormValues {
  const deal: FormValues = {
    name: o.name,
    dealValue: String(o.details.dealValue),
    currency: o.details.currency,
    closingDate: day(o.details.closingDateTime),
    notes: o.details.notes ?? '',
    crmId: o.crmId ?? '',
    campaignId: o.campaignId ?? '',
  };
  switch (form) {
    case 'accept': {
      const team: FormValues = {};
      o.team.slice(0, 2).forEach((p, i) => {
        team[`employee${i + 1}Name`] = fullName(p);
        team[`employee${i + 1}Email`] = p.email ?? '';
        team[`employee${i + 1}Phone`] = p.phoneNumber ?? '';
      });
      return { ...deal, ...team };
    }
    case 'edit':
      return deal;
    case 'won':
      return {
        finalValue: String(o.details.dealValue),
        wonDate: day(now),
        customerTenantId: o.dealRegistration?.customerTenantId ?? '',
        invoiceNumber: o.dealRegistration?.invoiceNumber ?? '',
      };
    case 'solutions':
      return { keepSolutions: o.details.requirements.solutions.map((s) => s.id).join(','), solutionRegistration: 'false' };
    case 'invite': {
      const contact = o.customerProfile.team[0];
      return {
        helpCodes: (o.inviteContext?.helpCodes ?? []).join(','),
        helpNotes: o.inviteContext?.notes ?? '',
        contactName: contact ? fullName(contact) : '',
        contactEmail: contact?.email ?? '',
        contactPhone: contact?.phoneNumber ?? '',
        consent: 'false',
      };
    }
    default:
      return {};
  }
}
