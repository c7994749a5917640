import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { perLocale } from './perLocale';
import { RememberedDateFormat, RememberedFormat, type Format } from './rememberedFormat';

/**
 * Message catalogs: every word a person reads comes from here. Each locale is a folder under
 * locales/ with one JSON file per namespace (locales/en-US/help.json holds the "help.…" keys),
 * nested objects addressed by dotted keys ("help.title"); `{name}` placeholders are filled from the
 * variables passed in. Dates, money and numbers are formatted through Intl.
 *
 * Locales and namespaces are discovered on disk once, when this module is first loaded: adding a
 * language or a namespace is adding a folder or a file, no code change.
 */
export type CatalogTree = { [key: string]: string | CatalogTree };

export const DEFAULT_LOCALE = 'en-US';

/** A namespace file: nested objects whose leaves are all strings. */
export const CatalogTreeSchema: z.ZodType<CatalogTree> = z.lazy(() => z.record(z.string(), z.union([z.string(), CatalogTreeSchema])));

const NAMESPACE_FILE = /^([A-Za-z][A-Za-z0-9_]*)\.json$/;

/**
 * The `locales` folder of the package: the one beside package.json, found by walking up from
 * `start`. That works from the sources (ts-node, jest) and from dist/ after `tsc` alike, and never
 * picks up a stale copy that an older build may have left under dist/.
 */
export function findLocalesDir(start: string = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'locales');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`No locales folder beside a package.json above ${start}`);
  }
}

/** Reads every locales/<locale>/<namespace>.json; a malformed file stops the start with its path. */
export function loadCatalogs(localesDir: string): Record<string, CatalogTree> {
  const catalogs: Record<string, CatalogTree> = {};
  for (const folder of readdirSync(localesDir).sort()) {
    const path = join(localesDir, folder);
    if (!statSync(path).isDirectory()) continue;
    const [canonical] = Intl.getCanonicalLocales(folder);
    if (canonical !== folder) throw new Error(`${path}: a locale folder must be a canonical BCP 47 tag (${canonical ?? '?'})`);
    const tree: CatalogTree = {};
    for (const file of readdirSync(path).sort()) {
      const namespace = NAMESPACE_FILE.exec(file)?.[1];
      if (!namespace) continue;
      const filePath = join(path, file);
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(filePath, 'utf8'));
      } catch (err) {
        throw new Error(`${filePath}: not valid JSON (${(err as Error).message})`);
      }
      const parsed = CatalogTreeSchema.safeParse(json);
      if (!parsed.success) {
        const wrong = typeof json === 'string' ? [namespace] : notStrings(json, namespace);
        throw new Error(`${filePath}: a catalog holds nested objects of strings only (not: ${wrong.join(', ')})`);
      }
      tree[namespace] = parsed.data;
    }
    catalogs[folder] = tree;
  }
  if (!catalogs[DEFAULT_LOCALE]) throw new Error(`${localesDir}: the ${DEFAULT_LOCALE} catalog is missing`);
  return catalogs;
}

/** The dotted paths of a parsed file that are neither text nor a nested object, for the error message. */
function notStrings(value: unknown, path: string): string[] {
  if (typeof value === 'string') return [];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [path];
  return Object.entries(value).flatMap(([key, v]) => notStrings(v, `${path}.${key}`));
}

/** `base` with `over` laid on top, key by key: what a locale lacks still reads in English. */
export function mergeTrees(base: CatalogTree, over: CatalogTree): CatalogTree {
  const out: CatalogTree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const below = out[key];
    out[key] = typeof value === 'object' && typeof below === 'object' ? mergeTrees(below, value) : value;
  }
  return out;
}

const CATALOGS = loadCatalogs(findLocalesDir());
const enUS = CATALOGS[DEFAULT_LOCALE]!;
/** Each locale's tree completed from English, built once per locale when first asked for. */
const merged = new Map<string, CatalogTree>();

function completeTree(locale: string): CatalogTree {
  let tree = merged.get(locale);
  if (!tree) {
    tree = locale === DEFAULT_LOCALE ? enUS : mergeTrees(enUS, CATALOGS[locale] ?? {});
    merged.set(locale, tree);
  }
  return tree;
}

export function supportedLocales(): string[] {
  return Object.keys(CATALOGS);
}

/** The catalog of one locale exactly as its files hold it (for completeness checks). */
export function rawCatalog(locale: string): CatalogTree | undefined {
  return CATALOGS[locale];
}

function maximized(tag: string): Intl.Locale | undefined {
  try {
    return new Intl.Locale(tag).maximize();
  } catch {
    return undefined;
  }
}

/** The supported locales with their likely subtags filled in (zh-TW → zh-Hant-TW), computed once. */
const MAXIMIZED = supportedLocales().map((locale) => ({ locale, full: maximized(locale) }));

/**
 * Picks the best supported locale for a Bot Framework `locale` value ("zh-cn", "zh-Hant-HK", "pl",
 * "en-GB"…): the same tag, else the same language in the same script (likely subtags fill in what
 * is left out, so zh-SG and zh-Hans read Simplified Chinese, zh-HK, zh-MO and zh-Hant Traditional),
 * preferring the same region; anything else reads English.
 */
export function resolveLocale(requested: string | undefined): string {
  if (!requested) return DEFAULT_LOCALE;
  const tag = requested.trim().replace(/_/g, '-');
  const exact = MAXIMIZED.find(({ locale }) => locale.toLowerCase() === tag.toLowerCase());
  if (exact) return exact.locale;
  const wanted = maximized(tag);
  if (!wanted) return DEFAULT_LOCALE;
  const sameScript = MAXIMIZED.filter(({ full }) => full?.language === wanted.language && full.script === wanted.script);
  return (sameScript.find(({ full }) => full?.region === wanted.region) ?? sameScript[0])?.locale ?? DEFAULT_LOCALE;
}

export function lookup(tree: CatalogTree, key: string): string | CatalogTree | undefined {
  let node: string | CatalogTree | undefined = tree;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return node;
}

/** Messages by key, per merged catalog: a card asks for a few dozen on every draw. */
const messages = new WeakMap<CatalogTree, Map<string, string | undefined>>();

function messageOf(tree: CatalogTree, key: string): string | undefined {
  let known = messages.get(tree);
  if (!known) {
    known = new Map();
    messages.set(tree, known);
  }
  if (known.has(key)) return known.get(key);
  const found = lookup(tree, key);
  const message = typeof found === 'string' ? found : undefined;
  // Keys are written in code (a bounded set), but guard memory against keys built from data.
  if (known.size < 20_000) known.set(key, message);
  return message;
}

export type Vars = Record<string, string | number>;

export function interpolate(text: string, vars: Vars = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** Everything a handler needs to speak to one person in their language. */
export class Translator {
  readonly locale: string;
  private readonly tree: CatalogTree;

  constructor(requestedLocale?: string) {
    this.locale = resolveLocale(requestedLocale);
    this.tree = completeTree(this.locale);
  }

  /** The message for `key`; a missing key is a bug, shown as the key itself so it is noticed. */
  t(key: string, vars?: Vars): string {
    const found = messageOf(this.tree, key);
    if (found === undefined) return key;
    return vars === undefined || !found.includes('{') ? found : interpolate(found, vars);
  }

  /** The whole catalog, for card templates (`${t.help.title}`); keys this locale lacks read in English. */
  strings(): CatalogTree {
    return this.tree;
  }

  money(amount: number, currency: string): string {
    return kept(numberFormats, `${this.locale}|money|${currency}`, () => new RememberedFormat(new Intl.NumberFormat(this.locale, { style: 'currency', currency }))).format(
      amount,
    );
  }

  number(value: number): string {
    return kept(numberFormats, `${this.locale}|number`, () => new RememberedFormat(new Intl.NumberFormat(this.locale))).format(value);
  }

  /** A country or region's name from its ISO code ("DE" → "Germany"); an unknown code as it is. */
  region(code: string): string {
    try {
      return regionNames(this.locale).format(code);
    } catch {
      return code;
    }
  }

  /** A calendar date; `timeZone` when the person's is known, else UTC. */
  date(iso: string | Date, timeZone = 'UTC'): string {
    return kept(
      dateFormats,
      `${this.locale}|date|${timeZone}`,
      () => new RememberedDateFormat(new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeZone }), { dateOnly: true, utc: timeZone === 'UTC' }),
    ).format(new Date(iso));
  }

  dateTime(iso: string | Date, timeZone = 'UTC'): string {
    return kept(
      dateFormats,
      `${this.locale}|dateTime|${timeZone}`,
      () =>
        new RememberedDateFormat(new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }), {
          dateOnly: false,
          utc: timeZone === 'UTC',
        }),
    ).format(new Date(iso));
  }
}

const regionNames = perLocale((locale) => {
  const names = new Intl.DisplayNames([locale], { type: 'region' });
  return new RememberedFormat<string>({ format: (code) => names.of(code) ?? code });
});

/**
 * Intl formatters are costly to build and immutable once built: one per locale, kind, currency or
 * time zone, made on first use, each remembering what it recently wrote (rememberedFormat.ts).
 * (An invalid currency or time zone throws before anything is kept.)
 */
const numberFormats = new Map<string, Format<number>>();
const dateFormats = new Map<string, Format<Date>>();

function kept<F>(formats: Map<string, F>, key: string, make: () => F): F {
  let found = formats.get(key);
  if (!found) {
    found = make();
    formats.set(key, found);
  }
  return found;
}
