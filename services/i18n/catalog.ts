import enCommon from '../../locales/en-US/common.json';
import enDeals from '../../locales/en-US/deals.json';
import enDialog from '../../locales/en-US/dialog.json';
import enHelp from '../../locales/en-US/help.json';
import enInbox from '../../locales/en-US/inbox.json';
import enReferrals from '../../locales/en-US/referrals.json';
import enRoles from '../../locales/en-US/roles.json';
import enOffers from '../../locales/en-US/offers.json';
import enWelcome from '../../locales/en-US/welcome.json';
import { perLocale } from './perLocale';

/**
 * Message catalogs: every word a person reads comes from here. Each locale is a folder under
 * locales/ with one JSON file per namespace (locales/en-US/help.json holds the "help.…" keys),
 * nested objects addressed by dotted keys ("help.title"); `{name}` placeholders are filled from the
 * variables passed in. Dates, money and numbers are formatted through Intl.
 */
export type CatalogTree = { [key: string]: string | CatalogTree };

export const DEFAULT_LOCALE = 'en-US';

const enUS: CatalogTree = {
  common: enCommon,
  help: enHelp,
  welcome: enWelcome,
  referrals: enReferrals,
  inbox: enInbox,
  roles: enRoles,
  offers: enOffers,
  dialog: enDialog,
  deals: enDeals,
};

const CATALOGS: Record<string, CatalogTree> = {
  'en-US': enUS,
};

export function supportedLocales(): string[] {
  return Object.keys(CATALOGS);
}

/** Picks the best supported locale for a Bot Framework `locale` value ("zh-cn", "pl", "en-GB"…). */
export function resolveLocale(requested: string | undefined): string {
  if (!requested) return DEFAULT_LOCALE;
  const wanted = requested.replace('_', '-').toLowerCase();
  const supported = supportedLocales();
  const exact = supported.find((l) => l.toLowerCase() === wanted);
  if (exact) return exact;
  const language = wanted.split('-')[0];
  return supported.find((l) => l.toLowerCase().split('-')[0] === language) ?? DEFAULT_LOCALE;
}

export function lookup(tree: CatalogTree, key: string): string | CatalogTree | undefined {
  let node: string | CatalogTree | undefined = tree;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return node;
}

export type Vars = Record<string, string | number>;

export function interpolate(text: string, vars: Vars = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** Everything a handler needs to speak to one person in their language. */
export class Translator {
  readonly locale: string;
  private readonly tree: CatalogTree;
  private readonly fallback: CatalogTree;

  constructor(requestedLocale?: string) {
    this.locale = resolveLocale(requestedLocale);
    this.tree = CATALOGS[this.locale] ?? enUS;
    this.fallback = enUS;
  }

  /** The message for `key`; a missing key is a bug, shown as the key itself so it is noticed. */
  t(key: string, vars?: Vars): string {
    const found = lookup(this.tree, key) ?? lookup(this.fallback, key);
    return typeof found === 'string' ? interpolate(found, vars) : key;
  }

  /** The whole catalog subtree, for card templates (`${t.help.title}`). */
  strings(): CatalogTree {
    return this.tree;
  }

  money(amount: number, currency: string): string {
    return formatter(`${this.locale}|money|${currency}`, () => new Intl.NumberFormat(this.locale, { style: 'currency', currency })).format(amount);
  }

  number(value: number): string {
    return formatter(`${this.locale}|number`, () => new Intl.NumberFormat(this.locale)).format(value);
  }

  /** A country or region's name from its ISO code ("DE" → "Germany"); an unknown code as it is. */
  region(code: string): string {
    try {
      return regionNames(this.locale).of(code) ?? code;
    } catch {
      return code;
    }
  }

  /** A calendar date; `timeZone` when the person's is known, else UTC. */
  date(iso: string | Date, timeZone = 'UTC'): string {
    return formatter(`${this.locale}|date|${timeZone}`, () => new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeZone })).format(
      new Date(iso),
    );
  }

  dateTime(iso: string | Date, timeZone = 'UTC'): string {
    return formatter(
      `${this.locale}|dateTime|${timeZone}`,
      () => new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }),
    ).format(new Date(iso));
  }
}

const regionNames = perLocale((locale) => new Intl.DisplayNames([locale], { type: 'region' }));

/**
 * Intl formatters are costly to build and immutable once built: one per locale, kind, currency or
 * time zone, made on first use. (An invalid currency or time zone throws before anything is kept.)
 */
const formatters = new Map<string, { format(value: number | Date): string }>();

function formatter(key: string, make: () => { format(value: number | Date): string }): { format(value: number | Date): string } {
  let found = formatters.get(key);
  if (!found) {
    found = make();
    formatters.set(key, found);
  }
  return found;
}
