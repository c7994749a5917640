import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * A phone number as people type it ("206 555 0100", "+49 89 1234567"), checked against the
 * numbering plan of its country. Numbers without a country prefix are read in `defaultCountry`.
 * Returns the international form ("+1 206 555 0100"), or undefined when it is not a phone number.
 */
export function normalisePhone(raw: string, defaultCountry?: string): string | undefined {
  const country = defaultCountry && /^[A-Z]{2}$/.test(defaultCountry) ? (defaultCountry as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(raw.trim(), country);
  return parsed?.isValid() ? parsed.formatInternational() : undefined;
}

export function isValidInternationalPhone(phone: string): boolean {
  return phone.trim().startsWith('+') && normalisePhone(phone) !== undefined;
}

/** "Mary Ann Smith" → first "Mary Ann", last "Smith": the Referrals API keeps the two apart. */
export function splitName(fullName: string): { firstName: string; lastName: string } {
  const words = fullName.trim().split(/\s+/);
  if (words.length < 2) return { firstName: words[0] ?? '', lastName: '' };
  return { firstName: words.slice(0, -1).join(' '), lastName: words[words.length - 1] ?? '' };
}

export function joinName(p: { firstName: string; lastName?: string }): string {
  return [p.firstName, p.lastName].filter((s) => s && s.trim()).join(' ');
}
