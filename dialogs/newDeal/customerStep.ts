import { z } from 'zod';
import { Duns, type CustomerMatch } from '../../services/customers/customer';
import type { CustomerDirectory, CustomerLocation } from '../../services/customers/customerDirectory';
import { DraftCustomer } from '../../services/deals/dealDraft';
import { fail, formQuestion, ok, type FormValues } from '../flow/cardForm';
import type { Ask, Outcome, Question } from '../flow/question';
import { sendCard, stepCard } from '../flow/stepCard';
import { cardAction, cardField, isWord, numbersIn, type TurnInput } from '../flow/turnInput';
import type { DealWorkingDraft } from './dealWorkingDraft';
import { customerContactQuestion, consentQuestion } from './contactForms';
import { textField } from './fields';
import { Q } from './ids';
import { countryChoices, countryName, describeMatch, formatLocation, parseCountry } from './places';

type D = DealWorkingDraft;
const STEP = 'customer';
const SHORTLIST_SIZE = 10;
const DUNS_TEXT = /^\d{9}$/;

/** The type-ahead dataset of the customer name input: the location travels in its name. */
export function customerDataset(location: CustomerLocation): string {
  return ['customers', location.country, encodeURIComponent(location.city ?? '')].join(':');
}

export function locationOfDataset(dataset: string): CustomerLocation | undefined {
  const [kind, country, city] = dataset.split(':');
  if (kind !== 'customers' || !country || !/^[A-Z]{2}$/.test(country)) return undefined;
  const decoded = decodeURIComponent(city ?? '');
  return decoded ? { country, city: decoded } : { country };
}

/**
 * Step 1, the customer: location, then the name (type-ahead in Teams, a numbered shortlist when
 * typed, a D-U-N-S number directly, or entered by hand), then the contact and the consent.
 */
export class CustomerStep {
  constructor(private readonly directory: CustomerDirectory) {}

  questions(): Question<D>[] {
    return [
      this.location(),
      this.customerName(),
      this.customerPick(),
      this.customerManual(),
      customerContactQuestion({ id: Q.contact, step: STEP, required: false }),
      consentQuestion({ id: Q.consent, step: STEP, mustConsent: false, applies: (d) => d.contact !== undefined }),
    ];
  }

  private location(): Question<D> {
    return formQuestion<D>({
      id: Q.location,
      step: STEP,
      template: 'dealLocation',
      fields: [
        {
          id: 'country',
          labelKey: 'deals.fields.country',
          required: true,
          parse: (raw, _how, q) => this.parseCountry(raw, q),
          show: (v, tr) => countryName(String(v), tr.locale),
        },
        textField('city', false, z.string().trim().max(100, 'deals.errors.tooLong')),
      ],
      data: (q) => ({ countries: countryChoices(q.tr.locale) }),
      load: (d) => ({ ...d.location }),
      save: (d, values) => this.saveLocation(d, values ?? {}),
    });
  }

  parseCountry(raw: string, q: Ask<D>) {
    const code = parseCountry(raw, q.tr.locale);
    return code ? ok(code) : fail('deals.errors.country', { text: raw });
  }

  private saveLocation(d: D, values: FormValues): void {
    const location: CustomerLocation = { country: String(values.country) };
    if (typeof values.city === 'string' && values.city) location.city = values.city;
    const moved = d.location?.country !== location.country || (d.location?.city ?? '') !== (location.city ?? '');
    d.location = location;
    // A customer found for another place is no longer a suggestion for this one.
    if (moved && d.customerEntry !== 'manual') {
      d.customer = undefined;
      d.customerSearch = undefined;
    }
  }

  private customerName(): Question<D> {
    return {
      id: Q.customerName,
      step: STEP,
      ask: async (q) => {
        const location = this.locationOf(q);
        const known = await this.directory.knownIn(q.state.context.tenantId, location);
        const card = stepCard(
          q,
          'dealCustomerName',
          {
            known: known.map((m) => ({ title: describeMatch(m, q.tr), value: m.ref })),
            dataset: customerDataset(location),
            current: q.draft.customer ? q.tr.t('deals.customer.current', { name: q.draft.customer.name }) : '',
          },
          { introVars: { location: formatLocation(location, q.tr.locale) } },
        );
        await sendCard(q.turn, card);
      },
      receive: (q, input) => this.receiveName(q, input),
    };
  }

  private async receiveName(q: Ask<D>, input: TurnInput): Promise<Outcome> {
    if (this.wantsManual(q, input)) return this.startManual(q.draft);
    const ref = input.value ? cardField(input, 'customer') : '';
    if (ref) {
      const match = await this.directory.resolve(q.state.context.tenantId, ref);
      if (!match) return { kind: 'reask', problems: [{ key: 'deals.errors.customerUnknown' }] };
      this.choose(q.draft, match, false);
      return { kind: 'next' };
    }
    const text = input.value ? cardField(input, 'search') : input.text;
    if (!text) {
      // Revisiting with a customer already chosen: Next keeps it.
      return q.draft.customer ? { kind: 'next' } : { kind: 'reask', problems: [{ key: 'deals.errors.customerMissing' }] };
    }
    return this.search(q, text);
  }

  /** A 9-digit D-U-N-S number selects directly; other text gives a numbered shortlist. */
  private async search(q: Ask<D>, text: string): Promise<Outcome> {
    const tenantId = q.state.context.tenantId;
    if (DUNS_TEXT.test(text)) {
      const match = await this.directory.findByDuns(tenantId, text);
      if (!match) return { kind: 'reask', problems: [{ key: 'deals.errors.dunsNotFound', vars: { duns: text } }] };
      // One of the shortlist's entries: keep the list, so "back" shows it again.
      this.choose(q.draft, match, q.draft.customerSearch?.matches.some((m) => m.duns === match.duns) ?? false);
      return { kind: 'next' };
    }
    const location = this.locationOf(q);
    const matches = await this.directory.search(tenantId, location, text, SHORTLIST_SIZE);
    if (matches.length === 0) {
      return { kind: 'reask', problems: [{ key: 'deals.errors.noCustomerMatch', vars: { text, location: formatLocation(location, q.tr.locale) } }] };
    }
    q.draft.customerEntry = 'directory';
    q.draft.customerSearch = { query: text, matches };
    // From the name question the shortlist is the next question; on the shortlist, show the new one.
    return q.question.id === Q.customerPick ? { kind: 'reask' } : { kind: 'next' };
  }

  private customerPick(): Question<D> {
    return {
      id: Q.customerPick,
      step: STEP,
      applies: (d) => d.customerEntry !== 'manual' && d.customerSearch !== undefined,
      ask: async (q) => {
        const search = q.draft.customerSearch!;
        const chosen = search.matches.findIndex((m) => m.duns !== undefined && m.duns === q.draft.customer?.duns);
        const card = stepCard(
          q,
          'dealCustomerPick',
          {
            matches: search.matches.map((m, i) => ({ title: q.tr.t('dialog.numbered', { number: i + 1, text: describeMatch(m, q.tr) }), value: String(i + 1) })),
            values: { pick: chosen >= 0 ? String(chosen + 1) : '' },
          },
          { introVars: { query: search.query, location: formatLocation(this.locationOf(q), q.tr.locale) } },
        );
        await sendCard(q.turn, card);
      },
      receive: (q, input) => this.receivePick(q, input),
    };
  }

  private async receivePick(q: Ask<D>, input: TurnInput): Promise<Outcome> {
    if (this.wantsManual(q, input)) return this.startManual(q.draft);
    const matches = q.draft.customerSearch?.matches ?? [];
    const picked = input.value ? cardField(input, 'pick') : input.text;
    const number = DUNS_TEXT.test(picked) ? undefined : numbersIn(picked);
    if (number?.length === 1) {
      const match = matches[(number[0] ?? 0) - 1];
      if (!match) return { kind: 'reask', problems: [{ key: 'deals.errors.pickNumber', vars: { max: matches.length } }] };
      this.choose(q.draft, match, true);
      return { kind: 'next' };
    }
    const text = input.value ? cardField(input, 'search') : input.text;
    if (text) return this.search(q, text);
    return { kind: 'reask', problems: [{ key: 'deals.errors.pickMissing' }] };
  }

  private customerManual(): Question<D> {
    const text = (max: number) => z.string().trim().min(1, 'deals.errors.required').max(max, 'deals.errors.tooLong');
    const optional = (max: number) => z.string().trim().max(max, 'deals.errors.tooLong');
    return formQuestion<D>({
      id: Q.customerManual,
      step: STEP,
      applies: (d) => d.customerEntry === 'manual',
      template: 'dealCustomerManual',
      fields: [
        textField('customerName', true, DraftCustomer.shape.name),
        textField('addressLine1', true, text(200)),
        textField('city', true, text(100)),
        textField('state', false, optional(100)),
        textField('postalCode', false, optional(20)),
        textField('duns', false, Duns),
      ],
      introVars: (q) => ({ country: countryName(this.locationOf(q).country, q.tr.locale) }),
      load: (d) => {
        const c = d.customer;
        if (!c) return { city: d.location?.city };
        return { customerName: c.name, addressLine1: c.address.addressLine1, city: c.address.city, state: c.address.state, postalCode: c.address.postalCode, duns: c.duns };
      },
      save: (d, values) => {
        const v = (values ?? {}) as Record<string, string | undefined>;
        d.customer = {
          name: v.customerName ?? '',
          address: {
            addressLine1: v.addressLine1,
            city: v.city,
            state: v.state || undefined,
            postalCode: v.postalCode || undefined,
            country: d.location?.country ?? '',
          },
          duns: v.duns || undefined,
        };
      },
    });
  }

  private wantsManual(q: Ask<D>, input: TurnInput): boolean {
    return cardAction(input) === 'manual' || (!input.value && isWord(q.tr, 'manual', input.text));
  }

  private startManual(d: D): Outcome {
    d.customerEntry = 'manual';
    d.customerSearch = undefined;
    return { kind: 'next' };
  }

  /** Takes a suggestion; from a shortlist the list is kept, so "back" shows it again. */
  private choose(d: D, m: CustomerMatch, fromShortlist: boolean): void {
    d.customer = { name: m.name, address: m.address, duns: m.duns };
    d.customerEntry = 'directory';
    if (!fromShortlist) d.customerSearch = undefined;
  }

  private locationOf(q: Ask<D>): CustomerLocation {
    // The location question always comes first, so it is set; the fallback only guards old state.
    return q.draft.location ?? { country: 'US' };
  }
}
