import { DEFAULT_LOCALE, rawCatalog, supportedLocales, type CatalogTree } from '../../../services/i18n/catalog';

/** "a.b.c" → text, for every string of a catalog. */
function flatten(tree: CatalogTree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else flatten(value, path, out);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const boldMarks = (text: string) => text.split('**').length - 1;
const bold = (text: string) => [...text.matchAll(/\*\*(.+?)\*\*/g)].map((m) => m[1]!);
/** The words a person types in a bold command ("grant @person referrals admin" → "grant"). */
const typedWords = (segment: string) => /^[a-z][a-z ]*?(?= *[@{]|$)/.exec(segment)?.[0];

/**
 * Keys whose text is a list of words the bot matches what people type against. `|` lists are
 * compared as written (so must be lower case already); the dialog's `,` lists are trimmed and
 * lower-cased on both sides (dialogs/flow/turnInput.ts isWord).
 */
const WORD_LISTS = [
  { prefix: 'inbox.stageWords.', separator: '|', asTyped: false },
  { prefix: 'roles.aliases.', separator: '|', asTyped: false },
  { prefix: 'dialog.words.', separator: ',', asTyped: true },
];

type Texts = Map<string, string>;

function keyProblems(locale: string, en: Texts, translated: Texts): string[] {
  return [
    ...[...en.keys()].filter((k) => !translated.has(k)).map((k) => `${locale}: missing key ${k}`),
    ...[...translated.keys()].filter((k) => !en.has(k)).map((k) => `${locale}: extra key ${k} (not in en-US)`),
  ];
}

function markupProblems(locale: string, en: Texts, translated: Texts): string[] {
  const problems: string[] = [];
  for (const [key, source] of en) {
    const text = translated.get(key);
    if (text === undefined) continue;
    if (placeholders(source).join() !== placeholders(text).join()) {
      problems.push(`${locale}: ${key} has placeholders {${placeholders(text).join('}, {')}} instead of {${placeholders(source).join('}, {')}}`);
    }
    if (boldMarks(source) !== boldMarks(text)) problems.push(`${locale}: ${key} has ${boldMarks(text) / 2} bold parts instead of ${boldMarks(source) / 2}`);
  }
  return problems;
}

function commandWordProblems(locale: string, en: Texts, translated: Texts): string[] {
  const problems: string[] = [];
  for (const [key, source] of en) {
    const text = translated.get(key) ?? '';
    for (const segment of bold(source)) {
      const words = typedWords(segment);
      if (words && !bold(text).some((b) => b.startsWith(words))) problems.push(`${locale}: ${key} must keep **${words}…** as typed`);
    }
  }
  return problems;
}

/**
 * "Select **New offer**" names a button: the translation names the same button by its translated
 * title (or keeps the English word when it is a file format's, such as the CSV column **Name**).
 */
function buttonNameProblems(locale: string, en: Texts, translated: Texts): string[] {
  const keysOf = new Map<string, string[]>();
  for (const [key, text] of en) keysOf.set(text, [...(keysOf.get(text) ?? []), key]);
  const problems: string[] = [];
  for (const [key, source] of en) {
    const shown = bold(translated.get(key) ?? '');
    for (const segment of bold(source)) {
      const named = (keysOf.get(segment) ?? []).filter((k) => k !== key);
      if (named.length === 0 || typedWords(segment)) continue;
      const accepted = [segment, ...named.map((k) => translated.get(k))];
      if (!shown.some((b) => accepted.includes(b))) problems.push(`${locale}: ${key} names **${segment}**, which reads ${named.map((k) => `"${translated.get(k)}" (${k})`).join(' or ')}`);
    }
  }
  return problems;
}

function wordListProblems(locale: string, en: Texts, translated: Texts): string[] {
  const problems: string[] = [];
  for (const { prefix, separator, asTyped } of WORD_LISTS) {
    const read = (text: string) => text.split(separator).map((w) => (asTyped ? w.trim().toLowerCase() : w));
    const owner = new Map<string, string>();
    for (const [key, source] of en) {
      if (!key.startsWith(prefix)) continue;
      const words = read(translated.get(key) ?? '');
      for (const word of words) {
        if (word !== word.toLowerCase() || word.trim() !== word || word === '') problems.push(`${locale}: ${key} has "${word}", which no typed text can match`);
        const before = owner.get(word);
        if (before && before !== key) problems.push(`${locale}: "${word}" means both ${before} and ${key}`);
        owner.set(word, key);
      }
      for (const word of read(source)) if (!words.includes(word)) problems.push(`${locale}: ${key} lost the English "${word}"`);
    }
  }
  return problems;
}

const english = flatten(rawCatalog(DEFAULT_LOCALE)!);
const others = supportedLocales().filter((l) => l !== DEFAULT_LOCALE);
const catalogOf = (locale: string) => flatten(rawCatalog(locale)!);

describe('the message catalogs of every language', () => {
  it('are English, Simplified and Traditional Chinese and Polish', () => {
    expect(supportedLocales().sort()).toEqual(['en-US', 'pl-PL', 'zh-CN', 'zh-TW']);
  });

  it.each(others)('%s has exactly the keys of en-US', (locale) => {
    expect(keyProblems(locale, english, catalogOf(locale))).toEqual([]);
  });

  it.each(others)('%s keeps every {placeholder} and every **bold** mark of the English text', (locale) => {
    expect(markupProblems(locale, english, catalogOf(locale))).toEqual([]);
  });

  it.each(others)('%s keeps the command words people type in English (the bot matches them in English)', (locale) => {
    expect(commandWordProblems(locale, english, catalogOf(locale))).toEqual([]);
  });

  it.each(others)('%s names buttons by their translated titles', (locale) => {
    expect(buttonNameProblems(locale, english, catalogOf(locale))).toEqual([]);
  });

  it.each(supportedLocales())('%s word lists are lower case, unambiguous, and still understand the English words', (locale) => {
    expect(wordListProblems(locale, english, catalogOf(locale))).toEqual([]);
  });

  it('the checks name the locale and key of a missing or extra key, a lost placeholder, a translated command and word list', () => {
    const en: Texts = new Map([
      ['a.b', 'Say **edit offer** or **grant @person referrals admin** for {name}'],
      ['a.c', 'Gone'],
      ['roles.aliases.ReferralUser', 'referral user|referrals user'],
      ['roles.aliases.ReferralsAdmin', 'referrals admin'],
    ]);
    const broken: Texts = new Map([
      ['a.b', 'Napisz **edytuj ofertę** lub **grant @osoba administrator poleceń** dla'],
      ['a.x', 'Nadmiar'],
      ['roles.aliases.ReferralUser', 'Użytkownik|referral user'],
      ['roles.aliases.ReferralsAdmin', 'użytkownik|referrals admin'],
    ]);
    expect(keyProblems('pl-PL', en, broken)).toEqual(['pl-PL: missing key a.c', 'pl-PL: extra key a.x (not in en-US)']);
    expect(markupProblems('pl-PL', en, broken)).toEqual(['pl-PL: a.b has placeholders {} instead of {name}']);
    expect(commandWordProblems('pl-PL', en, broken)).toEqual(['pl-PL: a.b must keep **edit offer…** as typed']);
    const buttons: Texts = new Map([
      ['list.new', 'New offer'],
      ['list.empty', 'Select **New offer** to add one.'],
    ]);
    expect(buttonNameProblems('pl-PL', buttons, new Map([['list.new', 'Nowa oferta'], ['list.empty', 'Wybierz **Dodaj ofertę**.']]))).toEqual([
      'pl-PL: list.empty names **New offer**, which reads "Nowa oferta" (list.new)',
    ]);
    expect(buttonNameProblems('pl-PL', buttons, new Map([['list.new', 'Nowa oferta'], ['list.empty', 'Wybierz **Nowa oferta**.']]))).toEqual([]);
    expect(wordListProblems('pl-PL', en, broken)).toEqual([
      'pl-PL: roles.aliases.ReferralUser has "Użytkownik", which no typed text can match',
      'pl-PL: roles.aliases.ReferralUser lost the English "referrals user"',
    ]);
    expect(wordListProblems('pl-PL', en, new Map([...broken, ['roles.aliases.ReferralUser', 'użytkownik|referral user|referrals user']]))).toEqual([
      'pl-PL: "użytkownik" means both roles.aliases.ReferralUser and roles.aliases.ReferralsAdmin',
    ]);
    const dialogWords: Texts = new Map([
      ['dialog.words.back', 'back, go back'],
      ['dialog.words.no', 'no, not now'],
    ]);
    expect(wordListProblems('pl-PL', dialogWords, new Map([['dialog.words.back', 'Back, wstecz, '], ['dialog.words.no', 'no, nie, wstecz']]))).toEqual([
      'pl-PL: dialog.words.back has "", which no typed text can match',
      'pl-PL: dialog.words.back lost the English "go back"',
      'pl-PL: "wstecz" means both dialog.words.back and dialog.words.no',
      'pl-PL: dialog.words.no lost the English "not now"',
    ]);
  });
});
