import { DEFAULT_LOCALE, rawCatalog, type CatalogTree } from '../../services/i18n/catalog';

/** What a person reads on a card: texts, titles, labels, placeholders, errors, facts, choices. */
export function visibleStrings(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown, parentKey: string) => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, parentKey));
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const shown = ['text', 'title', 'label', 'placeholder', 'errorMessage'].includes(key) || (key === 'value' && parentKey === 'facts');
      if (shown && typeof value === 'string') out.push(value);
      walk(value, key);
    }
  };
  walk(card, '');
  return out;
}

function strings(tree: CatalogTree, out: string[] = []): string[] {
  for (const v of Object.values(tree)) {
    if (typeof v === 'string') out.push(v);
    else strings(v, out);
  }
  return out;
}

/**
 * English catalog phrases (two words or more, between placeholders) that the locale does not
 * share, found on the card: the sign of a text that was not translated or not looked up.
 */
export function englishLeaks(card: unknown, locale: string): string[] {
  const local = strings(rawCatalog(locale)!).join('\n');
  const phrases = strings(rawCatalog(DEFAULT_LOCALE)!)
    .flatMap((s) => s.split(/\{\w+\}/))
    .map((p) => p.replace(/^[\s:·.,()*]+|[\s:·.,()*]+$/g, ''))
    .filter((p) => /\p{L}+ \p{L}+/u.test(p) && !local.includes(p));
  const shown = visibleStrings(card);
  return [...new Set(phrases.filter((p) => shown.some((s) => s.includes(p))))];
}
