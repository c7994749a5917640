import type { ContactPerson } from '../../services/deals/dealDraft';
import { formQuestion, type FormValues } from '../flow/cardForm';
import type { Problem, Question } from '../flow/question';
import type { DealWorkingDraft } from './dealWorkingDraft';
import { personFields, yesNoField } from './fields';

type D = DealWorkingDraft;

/**
 * The customer's contact: optional in step 1, and asked again in step 5 when Microsoft's help is
 * requested and none was given (Microsoft sellers may call the customer).
 */
export function customerContactQuestion(spec: { id: string; step: string; required: boolean; applies?: (d: D) => boolean; revisit?: (d: D) => boolean }): Question<D> {
  const fields = personFields(spec.required, (q) => q.draft.customer?.address.country);
  return formQuestion<D>({
    id: spec.id,
    step: spec.step,
    applies: spec.applies,
    revisit: spec.revisit,
    template: 'dealContact',
    fields,
    optional: !spec.required,
    data: () => ({ required: spec.required }),
    load: (d) => (d.contact ? { name: d.contact.name, phone: d.contact.phoneNumber, email: d.contact.email } : {}),
    check: (values) => {
      // Given at all, a contact is given whole: name, phone and email.
      const given = fields.filter((f) => values[f.id] !== undefined);
      if (given.length === 0 || given.length === fields.length) return [];
      return fields.filter((f) => values[f.id] === undefined).map((f): Problem => ({ key: 'dialog.required', field: f.labelKey }));
    },
    save: (d, values) => {
      const contact = values && toContact(values);
      d.contact = contact;
      if (!contact) d.consent = undefined;
    },
  });
}

function toContact(values: FormValues): ContactPerson | undefined {
  const { name, phone, email } = values as { name?: string; phone?: string; email?: string };
  return name && phone && email ? { name, phoneNumber: phone, email } : undefined;
}

/**
 * The partner confirms the customer agreed that its contact is shared with Microsoft (which may
 * contact the customer directly). Required to be "yes" when Microsoft's help is requested.
 */
export function consentQuestion(spec: { id: string; step: string; mustConsent: boolean; applies: (d: D) => boolean; revisit?: (d: D) => boolean }): Question<D> {
  return formQuestion<D>({
    id: spec.id,
    step: spec.step,
    applies: spec.applies,
    revisit: spec.revisit,
    template: 'dealConsent',
    fields: [yesNoField('consent', 'deals.fields.consent')],
    load: (d) => (d.consent === undefined ? {} : { consent: d.consent }),
    introVars: (q) => ({ contact: q.draft.contact?.name ?? '' }),
    check: (values) => (spec.mustConsent && values.consent !== true ? [{ key: 'deals.errors.helpNeedsConsent' }] : []),
    save: (d, values) => {
      d.consent = values?.consent === true;
    },
  });
}
