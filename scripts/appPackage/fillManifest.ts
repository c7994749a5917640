import type { PackageSettings } from './packageEnv';

/** `${{NAME}}`, the Teams Toolkit placeholder syntax. */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

export type PlaceholderValues = Readonly<Record<string, string>>;

export function placeholderValues(settings: PackageSettings): PlaceholderValues {
  return { BOT_ID: settings.botId, BOT_DOMAIN: settings.botDomain, TEAMS_APP_ID: settings.teamsAppId };
}

/** The placeholder names a manifest template uses, in order of first appearance. */
export function placeholdersIn(template: unknown): string[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node === 'string') for (const m of node.matchAll(PLACEHOLDER)) names.add(m[1]!);
    else if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') Object.values(node).forEach(visit);
  };
  visit(template);
  return [...names];
}

/**
 * Replaces every placeholder in the template's string values (never in keys, never in the raw
 * text, so a value cannot change the JSON's structure). Throws when a placeholder has no value.
 */
export function fillManifest(template: unknown, values: PlaceholderValues): unknown {
  const missing = placeholdersIn(template).filter((name) => !Object.hasOwn(values, name));
  if (missing.length > 0) throw new Error(`manifest.json uses ${missing.map((n) => `\${{${n}}}`).join(', ')} but no value was given`);
  const fill = (node: unknown): unknown => {
    if (typeof node === 'string') return node.replace(PLACEHOLDER, (_m, name: string) => values[name]!);
    if (Array.isArray(node)) return node.map(fill);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v)]));
    }
    return node;
  };
  return fill(template);
}
