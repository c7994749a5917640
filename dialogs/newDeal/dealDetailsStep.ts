import type { Clock } from '../../services/clock';
import { CalendarDate, closeDateProblem, CurrencyCode, DealName, DealValue, ExternalId, Notes, today, type DraftDetails } from '../../services/deals/dealDraft';
import { perLocale } from '../../services/i18n/perLocale';
import { foldName } from '../../services/customers/customer';
import { fail, formQuestion, ok, type FormValues, type Parsed } from '../flow/cardForm';
import type { Question } from '../flow/question';
import type { DealWorkingDraft } from './dealWorkingDraft';
import { parseWith, textField } from './fields';
import { Q } from './ids';

type D = DealWorkingDraft;

/** Step 2, deal details: name, estimated value and currency, close date, CRM ID, campaign ID, notes. */
export class DealDetailsStep {
  constructor(private readonly clock: Clock) {}

  questions(): Question<D>[] {
    return [
      formQuestion<D>({
        id: Q.details,
        step: 'details',
        template: 'dealDetails',
        fields: [
          textField('dealName', true, DealName),
          { id: 'dealValue', labelKey: 'deals.fields.dealValue', required: true, typedHintKey: 'deals.fields.dealValueHint', parse: (raw) => this.parseAmount(raw) },
          {
            id: 'currency',
            labelKey: 'deals.fields.currency',
            required: true,
            typedHintKey: 'deals.fields.currencyHint',
            parse: (raw, _how, q) => this.parseCurrency(raw, q.tr.locale),
            show: (v, tr) => currencyTitle(String(v), tr.locale),
          },
          { id: 'closeDate', labelKey: 'deals.fields.closeDate', required: true, typedHintKey: 'deals.fields.closeDateHint', parse: (raw) => this.parseCloseDate(raw) },
          textField('crmId', false, ExternalId),
          textField('campaignId', false, ExternalId),
          textField('notes', false, Notes),
        ],
        data: (q) => ({ currencies: currencyChoices(q.tr.locale), today: today(this.clock) }),
        load: (d) => (d.details ? { ...d.details, dealName: d.details.name } : {}),
        save: (d, values) => {
          d.details = toDetails(values ?? {});
        },
      }),
    ];
  }

  /** "250000", "250,000", "1 250 000.50": grouping marks are ignored. */
  parseAmount(raw: string): Parsed {
    const digits = raw.replace(/[\s,_']/g, '');
    if (!/^\d+(\.\d+)?$/.test(digits)) return fail('deals.errors.amount');
    return parseWith(DealValue, Number(digits));
  }

  /** An ISO 4217 code ("eur"), or the currency's name in the person's language ("Euro"). */
  parseCurrency(raw: string, locale: string): Parsed {
    const byCode = CurrencyCode.safeParse(raw);
    if (byCode.success) return ok(byCode.data);
    const found = currencyCodesByName(locale).get(foldName(raw));
    return found ? ok(found) : fail('deals.errors.currency');
  }

  /** A real date, not before today (by the clock): a new deal cannot close in the past. */
  parseCloseDate(raw: string): Parsed {
    const parsed = parseWith(CalendarDate, raw);
    if (!parsed.ok) return parsed;
    const problem = closeDateProblem(String(parsed.value), this.clock);
    return problem ? fail(problem, { today: today(this.clock) }) : parsed;
  }
}

function toDetails(v: FormValues): DraftDetails {
  return {
    name: String(v.dealName ?? ''),
    dealValue: Number(v.dealValue),
    currency: String(v.currency ?? ''),
    closeDate: String(v.closeDate ?? ''),
    crmId: (v.crmId as string | undefined) || undefined,
    campaignId: (v.campaignId as string | undefined) || undefined,
    notes: (v.notes as string | undefined) || undefined,
  };
}

const currencyNames = perLocale((locale) => new Intl.DisplayNames([locale], { type: 'currency' }));

/** Folded currency names in the person's language to their codes (the first code wins). */
const currencyCodesByName = perLocale((locale) => {
  const byName = new Map<string, string>();
  for (const code of Intl.supportedValuesOf('currency')) {
    const folded = foldName(currencyNames(locale).of(code) ?? '');
    if (!byName.has(folded)) byName.set(folded, code);
  }
  return byName;
});

function currencyTitle(code: string, locale: string): string {
  const name = currencyNames(locale).of(code);
  return name && name !== code ? `${name} (${code})` : code;
}

const currencyChoices: (locale: string) => ReadonlyArray<{ title: string; value: string }> = perLocale((locale) => {
  const collator = new Intl.Collator(locale);
  return Intl.supportedValuesOf('currency')
    .map((code) => ({ title: currencyTitle(code, locale), value: code }))
    .sort((a, b) => collator.compare(a.title, b.title));
});
