import countries from 'i18n-iso-countries';
import { foldName, type CustomerMatch } from '../../services/customers/customer';
import type { Translator } from '../../services/i18n/catalog';
import { perLocale } from '../../services/i18n/perLocale';
import type { Address } from '../../services/opportunities/opportunity';

const CODES = Object.keys(countries.getAlpha2Codes());

const regionNames = perLocale((locale) => new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }));

export function countryName(code: string, locale: string): string {
  return regionNames(locale).of(code) ?? code;
}

/** Every country, named in the person's language, sorted by name: the country input's choices. */
export const countryChoices: (locale: string) => ReadonlyArray<{ title: string; value: string }> = perLocale((locale) => {
  const names = regionNames(locale);
  const collator = new Intl.Collator(locale);
  return CODES.map((code) => ({ title: names.of(code) ?? code, value: code })).sort((a, b) => collator.compare(a.title, b.title));
});

/** Folded country names, in the person's language and in English, to their codes (the first code wins). */
const codesByName = perLocale((locale) => {
  const byName = new Map<string, string>();
  const names = regionNames(locale);
  const english = regionNames('en');
  for (const code of CODES) {
    for (const name of [names.of(code), english.of(code)]) {
      const folded = foldName(name ?? '');
      if (!byName.has(folded)) byName.set(folded, code);
    }
  }
  return byName;
});

/** "Germany", "germany", "DE" or "DEU" → "DE"; undefined when it names no country. */
export function parseCountry(text: string, locale: string): string | undefined {
  const t = text.trim();
  const upper = t.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper) && CODES.includes(upper)) return upper;
  if (/^[A-Z]{3}$/.test(upper)) {
    const code = countries.alpha3ToAlpha2(upper);
    if (code) return code;
  }
  return codesByName(locale).get(foldName(t));
}

/** One line: "1 Microsoft Way, Seattle, WA 98101, United States". */
export function formatAddress(a: Address, locale: string): string {
  const region = [a.state, a.postalCode].filter(Boolean).join(' ');
  return [a.addressLine1, a.addressLine2, a.city, region, countryName(a.country, locale)].filter((s) => s && s.trim()).join(', ');
}

/** "Munich, Germany" or "Germany". */
export function formatLocation(location: { country: string; city?: string }, locale: string): string {
  return [location.city, countryName(location.country, locale)].filter(Boolean).join(', ');
}

/** A customer as a choice: name, address and D-U-N-S number, so entities with one name can be told apart. */
export function describeMatch(m: CustomerMatch, tr: Translator): string {
  const address = formatAddress(m.address, tr.locale);
  return m.duns ? tr.t('deals.customer.matchWithDuns', { name: m.name, address, duns: m.duns }) : tr.t('deals.customer.match', { name: m.name, address });
}
