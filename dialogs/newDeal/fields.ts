import type { z } from 'zod';
import { normalisePhone } from '../../services/deals/contactRules';
import { Email, PersonName } from '../../services/deals/dealDraft';
import { problemsOf } from '../../services/deals/dealProblems';
import type { Translator } from '../../services/i18n/catalog';
import { fail, ok, type FormField, type Parsed } from '../flow/cardForm';
import type { Ask } from '../flow/question';
import { isWord } from '../flow/turnInput';
import type { DealWorkingDraft } from './dealWorkingDraft';

type D = DealWorkingDraft;

/** Reads an answer with one of the draft's zod field schemas; its catalog message becomes the problem. */
export function parseWith(schema: z.ZodType, raw: unknown): Parsed {
  const result = schema.safeParse(raw);
  if (result.success) return ok(result.data);
  const problem = problemsOf(result.error)[0];
  return problem ? fail(problem.key, problem.vars) : fail('deals.errors.invalid');
}

export function textField(id: string, required: boolean, schema: z.ZodType, extra: Partial<FormField<D>> = {}): FormField<D> {
  return { id, labelKey: `deals.fields.${id}`, required, parse: (raw) => parseWith(schema, raw), ...extra };
}

/** The region of a locale ("en-US" → "US"): where phone numbers without a country prefix are read. */
export function localeRegion(locale: string): string | undefined {
  try {
    return new Intl.Locale(locale).maximize().region;
  } catch {
    return undefined;
  }
}

/** Phone, email and name of a person (a customer contact or an employee). */
export function personFields(required: boolean, phoneRegion: (q: Ask<D>) => string | undefined): FormField<D>[] {
  return [
    textField('name', required, PersonName),
    {
      id: 'phone',
      labelKey: 'deals.fields.phone',
      required,
      typedHintKey: 'deals.fields.phoneHint',
      parse: (raw, _how, q) => {
        const phone = normalisePhone(raw, phoneRegion(q));
        return phone ? ok(phone) : fail('deals.errors.phone');
      },
    },
    textField('email', required, Email),
  ];
}

/** A yes/no answer: the card sends "yes"/"no"; typing accepts the catalog's yes and no words. */
export function yesNoField(id: string, labelKey: string): FormField<D> {
  return {
    id,
    labelKey,
    required: true,
    typedHintKey: 'deals.fields.yesNoHint',
    parse: (raw, _how, q) => {
      if (raw === 'yes' || isWord(q.tr, 'yes', raw)) return ok(true);
      if (raw === 'no' || isWord(q.tr, 'no', raw)) return ok(false);
      return fail('deals.errors.yesNo');
    },
    toCard: (v) => (v ? 'yes' : 'no'),
    show: (v, tr) => yesNo(v === true, tr),
  };
}

export function yesNo(value: boolean, tr: Translator): string {
  return tr.t(value ? 'deals.answers.yes' : 'deals.answers.no');
}
