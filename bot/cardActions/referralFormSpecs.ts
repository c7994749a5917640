import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { FORM_FIELDS, type FormName, type FormValues } from '../../cards/referralForms';
import { REFERRAL_VERBS } from '../../cards/cardVerbs';
import type { LifecycleAction } from '../../services/opportunities/lifecycle';
import { DeclineReason, HelpCode, LostReason, SolutionKind, type Opportunity, type Solution } from '../../services/opportunities/opportunity';
import type { AcceptInput, DealFields, DeclineInput, Employee, InviteInput, LostInput, SolutionsInput, WonInput } from '../../services/referrals/referralInputs';
import { requiresDealRegistration, type ActionOutcome, type Actor, type CardRef, type ReferralService } from '../../services/referrals/referralService';
import { Fields, FormReader, splitName } from './formReader';

/**
 * Each form a referral button opens: which lifecycle action it leads to, how its inputs become the
 * domain's input (naming every wrong field), and which service operation applies it.
 */
export interface FormSpec<I> {
  form: FormName;
  action: LifecycleAction;
  formVerb: string;
  submitVerb: string;
  read(r: FormReader, o: Opportunity, now: Date): I | undefined;
  apply(referrals: ReferralService, ref: CardRef, actor: Actor, input: I): Promise<ActionOutcome>;
  /** Catalog key of the sentence shown once it is done. */
  done: string;
  /** Values to offer beyond what the referral already holds. */
  prefill?(actor: Actor, o: Opportunity): FormValues;
}

/** A decline reason as its choice sends it ("3"). */
const DECLINE_REASON_FIELD = z.string().regex(/^\d$/).transform(Number).pipe(DeclineReason);
/** Help codes as their multi-select sends them ("1,3"). */
const HELP_CODES_FIELD = Fields.list.pipe(z.array(z.string().regex(/^\d$/).transform(Number).pipe(HelpCode)).min(1).max(6));

function startOfDay(d: Date): string {
  return `${d.toISOString().slice(0, 10)}T00:00:00.000Z`;
}

function readDeal(r: FormReader, now: Date): DealFields | undefined {
  const name = r.required('name', Fields.text(200));
  const dealValue = r.required('dealValue', Fields.amount);
  const currency = r.required('currency', Fields.currency);
  const closingDateTime = r.required('closingDate', Fields.day);
  // An estimated purchase date is in the future (or today).
  if (closingDateTime && closingDateTime < startOfDay(now)) r.fail('closingDate');
  const notes = r.optional('notes', Fields.text(4000));
  const crmId = r.optional('crmId', Fields.text(100));
  const campaignId = r.optional('campaignId', Fields.text(100));
  if (!r.ok || name === undefined || dealValue === undefined || !currency || !closingDateTime) return undefined;
  return { name, dealValue, currency, closingDateTime, notes, crmId, campaignId };
}

/** An employee row: empty rows are skipped, a started row must be complete. */
function readEmployee(r: FormReader, prefix: string, required: boolean): Employee | undefined {
  const [nameField, emailField, phoneField] = [`${prefix}Name`, `${prefix}Email`, `${prefix}Phone`];
  if (!required && ![nameField, emailField, phoneField].some((f) => r.has(f))) return undefined;
  const name = r.required(nameField, Fields.text(200));
  const email = r.required(emailField, Fields.email);
  const phoneNumber = r.required(phoneField, Fields.phone);
  if (!name || !email || !phoneNumber) return undefined;
  return { ...splitName(name), email, phoneNumber };
}

const accept: FormSpec<AcceptInput> = {
  form: 'accept',
  action: 'accept',
  formVerb: REFERRAL_VERBS.acceptForm,
  submitVerb: REFERRAL_VERBS.accept,
  read(r, _o, now) {
    const deal = readDeal(r, now);
    const team = [readEmployee(r, 'employee1', false), readEmployee(r, 'employee2', false)].filter((e): e is Employee => !!e);
    const rowsStarted = ['employee1', 'employee2'].some((p) => ['Name', 'Email', 'Phone'].some((f) => r.has(p + f)));
    if (!rowsStarted) r.fail('employees');
    return deal && r.ok ? { ...deal, team } : undefined;
  },
  apply: (s, ref, actor, input) => s.accept(ref, actor, input),
  done: 'referrals.notices.accepted',
  // The person accepting usually works the deal: offer their name in the first row.
  prefill(actor, o) {
    const values: FormValues = {};
    if (o.team.length === 0 && actor.name) values.employee1Name = actor.name;
    return values;
  },
};

const decline: FormSpec<DeclineInput> = {
  form: 'decline',
  action: 'decline',
  formVerb: REFERRAL_VERBS.declineForm,
  submitVerb: REFERRAL_VERBS.decline,
  read(r) {
    const reason = r.required('reason', DECLINE_REASON_FIELD);
    const notes = r.optional('notes', Fields.text(4000));
    if (reason === 8 && !notes) r.fail('notes');
    return r.ok && reason !== undefined ? { reason, notes } : undefined;
  },
  apply: (s, ref, actor, input) => s.decline(ref, actor, input),
  done: 'referrals.notices.declined',
};

const won: FormSpec<WonInput> = {
  form: 'won',
  action: 'win',
  formVerb: REFERRAL_VERBS.wonForm,
  submitVerb: REFERRAL_VERBS.won,
  read(r, o, now) {
    const dealValue = r.required('finalValue', Fields.amount);
    const wonDateTime = r.required('wonDate', Fields.day);
    if (wonDateTime && wonDateTime > startOfDay(now)) r.fail('wonDate');
    const notes = r.optional('notes', Fields.text(4000));
    let dealRegistration: WonInput['dealRegistration'];
    if (requiresDealRegistration(o)) {
      const customerTenantId = r.required('customerTenantId', Fields.guid);
      const invoiceNumber = r.optional('invoiceNumber', Fields.text(100));
      if (customerTenantId) dealRegistration = { customerTenantId, invoiceNumber };
    }
    return r.ok && dealValue !== undefined && wonDateTime ? { dealValue, wonDateTime, notes, dealRegistration } : undefined;
  },
  apply: (s, ref, actor, input) => s.markWon(ref, actor, input),
  done: 'referrals.notices.won',
};

const lost: FormSpec<LostInput> = {
  form: 'lost',
  action: 'lose',
  formVerb: REFERRAL_VERBS.lostForm,
  submitVerb: REFERRAL_VERBS.lost,
  read(r) {
    const reason = r.required('reason', LostReason);
    const notes = r.optional('notes', Fields.text(4000));
    if (reason === 'Other' && !notes) r.fail('notes');
    return r.ok && reason ? { reason, notes } : undefined;
  },
  apply: (s, ref, actor, input) => s.markLost(ref, actor, input),
  done: 'referrals.notices.lost',
};

const edit: FormSpec<DealFields> = {
  form: 'edit',
  action: 'edit',
  formVerb: REFERRAL_VERBS.editForm,
  submitVerb: REFERRAL_VERBS.edit,
  read: (r, _o, now) => readDeal(r, now),
  apply: (s, ref, actor, input) => s.edit(ref, actor, input),
  done: 'referrals.notices.saved',
};

const addEmployee: FormSpec<Employee> = {
  form: 'addEmployee',
  action: 'addEmployee',
  formVerb: REFERRAL_VERBS.addEmployeeForm,
  submitVerb: REFERRAL_VERBS.addEmployee,
  read: (r) => readEmployee(r, 'employee', true),
  apply: (s, ref, actor, input) => s.addEmployee(ref, actor, input),
  done: 'referrals.notices.employeeAdded',
};

const solutions: FormSpec<SolutionsInput> = {
  form: 'solutions',
  action: 'editSolutions',
  formVerb: REFERRAL_VERBS.solutionsForm,
  submitVerb: REFERRAL_VERBS.solutions,
  read(r, o) {
    const current = o.details.requirements.solutions;
    const keepIds = r.optional('keepSolutions', Fields.list) ?? [];
    if (keepIds.some((id) => !current.some((s) => s.id === id))) r.fail('keepSolutions');
    const kept = current.filter((s) => keepIds.includes(s.id));
    let added: Solution | undefined;
    if (r.has('solutionName') || r.has('solutionPublisher')) {
      const name = r.required('solutionName', Fields.text(200));
      const publisherName = r.optional('solutionPublisher', Fields.text(200));
      const kind = r.required('solutionKind', SolutionKind);
      const registration = r.optional('solutionRegistration', Fields.flag) ?? false;
      if (name && kind) added = { id: `sol-${randomUUID()}`, name, publisherName, kind, requiresDealRegistration: registration || undefined };
    }
    const all = added ? [...kept, added] : kept;
    if (r.ok && all.length === 0) r.fail('keepSolutions');
    return r.ok ? { solutions: all } : undefined;
  },
  apply: (s, ref, actor, input) => s.editSolutions(ref, actor, input),
  done: 'referrals.notices.solutionsSaved',
};

const invite: FormSpec<InviteInput> = {
  form: 'invite',
  action: 'inviteMicrosoft',
  formVerb: REFERRAL_VERBS.inviteForm,
  submitVerb: REFERRAL_VERBS.invite,
  read(r) {
    const codes = r.required('helpCodes', HELP_CODES_FIELD);
    const notes = r.required('helpNotes', Fields.text(4000));
    const contact = readEmployee(r, 'contact', true);
    const consent = r.optional('consent', Fields.flag);
    if (consent !== true) r.fail('consent');
    return r.ok && codes && notes && contact ? { helpCodes: [...new Set(codes)], notes, contact, consent: true } : undefined;
  },
  apply: (s, ref, actor, input) => s.inviteMicrosoft(ref, actor, input),
  done: 'referrals.notices.invited',
};

export const FORM_SPECS: ReadonlyArray<FormSpec<unknown>> = [accept, decline, won, lost, edit, addEmployee, solutions, invite] as unknown as ReadonlyArray<
  FormSpec<unknown>
>;

/** The form field a domain validation path belongs to (the service re-checks every input). */
export function fieldForPath(form: FormName, path: string): string {
  const fields: ReadonlyArray<string> = FORM_FIELDS[form];
  const [head = '', index, leaf] = path.split('.');
  const personField = (prefix: string, key: string | undefined) =>
    `${prefix}${key === 'email' ? 'Email' : key === 'phoneNumber' ? 'Phone' : 'Name'}`;
  const mapped =
    head === 'team' && index !== undefined && /^\d+$/.test(index)
      ? form === 'accept'
        ? personField(`employee${Number(index) + 1}`, leaf)
        : 'employees'
      : head === 'contact'
        ? personField('contact', index)
        : ({
            closingDateTime: 'closingDate',
            wonDateTime: 'wonDate',
            dealRegistration: 'customerTenantId',
            dealValue: form === 'won' ? 'finalValue' : 'dealValue',
            notes: form === 'invite' ? 'helpNotes' : 'notes',
            team: form === 'accept' ? 'employees' : 'employeeName',
            solutions: 'keepSolutions',
            firstName: 'employeeName',
            email: 'employeeEmail',
            phoneNumber: 'employeePhone',
          } as Record<string, string>)[head] ?? head;
  return fields.includes(mapped) || mapped === 'employees' ? mapped : (fields[0] ?? mapped);
}

/** employee2Email → employeeEmail: the catalog has one message per kind of field. */
export function errorKeyOf(field: string): string {
  return field.replace(/^employee\d+/, 'employee');
}
