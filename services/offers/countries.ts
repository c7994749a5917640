import countries from 'i18n-iso-countries';

/**
 * ISO 3166-1 alpha-2 country codes, from the maintained i18n-iso-countries data package rather
 * than a list of our own. `OOO` is Partner Center's code for "all countries" in contact rows.
 */
export const ALL_COUNTRIES = 'OOO';

const ALPHA2 = new Set(Object.keys(countries.getAlpha2Codes()));

export function isCountryCode(code: string): boolean {
  return ALPHA2.has(code);
}

/** ISO 3166-2 subdivision code shape: the country, a hyphen, 1–3 letters or digits (US-WA, FR-75, GB-ENG). */
const SUBDIVISION = /^([A-Z]{2})-([A-Z0-9]{1,3})$/;

/** The country part of a well-formed subdivision code, or undefined when the form is wrong. */
export function countryOfSubdivision(code: string): string | undefined {
  const m = SUBDIVISION.exec(code);
  return m && isCountryCode(m[1]!) ? m[1] : undefined;
}

/** The country's name in the person's language (falls back to the code). */
export function countryName(code: string, locale: string): string {
  const language = locale.split('-')[0] ?? 'en';
  // The data package has one Chinese list (Simplified); CLDR through Intl names countries in both scripts.
  if (language === 'zh') {
    try {
      const name = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' }).of(code);
      if (name) return name;
    } catch {
      // not a region code Intl knows: the data package below decides
    }
  }
  return countries.getName(code, language) ?? countries.getName(code, 'en') ?? code;
}

/** "us, CA ,fr" → ["US","CA","FR"]: upper-cased, trimmed, empty parts and repeats dropped, order kept. */
export function splitCountryList(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[,;]/)) {
    const code = part.trim().toUpperCase();
    if (code && !out.includes(code)) out.push(code);
  }
  return out;
}
