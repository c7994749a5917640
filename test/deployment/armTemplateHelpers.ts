import type { ArmResource, ArmTemplate } from '../../scripts/deployment/armTemplate';

export function resourcesOfType(template: ArmTemplate, type: string): ArmResource[] {
  return template.resources.filter((r) => r.type.toLowerCase() === type.toLowerCase());
}

/** The single resource of a type; fails the test when there is none or several. */
export function onlyResource(template: ArmTemplate, type: string): ArmResource {
  const found = resourcesOfType(template, type);
  if (found.length !== 1) throw new Error(`Expected one ${type}, found ${found.length}`);
  return found[0]!;
}

/** Reads a nested property (`a.b.c`) of a resource or object, as unknown. */
export function prop(node: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((n, key) => (n !== null && typeof n === 'object' ? (n as Record<string, unknown>)[key] : undefined), node);
}

/** Every string anywhere in a JSON value, keys included. */
export function allStrings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(allStrings);
  if (node !== null && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => [k, ...allStrings(v)]);
  return [];
}

/**
 * Strings of this template's own scope: a nested deployment evaluated with scope "inner" has its
 * own parameters and variables, so its template is left out (check it separately).
 */
export function ownScopeStrings(template: ArmTemplate): string[] {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    const obj = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (k === 'template' && prop(obj, 'expressionEvaluationOptions.scope') === 'inner') continue;
      out[k] = strip(v);
    }
    return out;
  };
  return allStrings(strip(template));
}

/** Names used as parameters('x') or variables('x') in ARM expressions. */
export function referencedNames(strings: string[], fn: 'parameters' | 'variables'): Set<string> {
  const names = new Set<string>();
  const re = new RegExp(`\\b${fn}\\('([^']+)'\\)`, 'g');
  for (const s of strings) if (s.startsWith('[')) for (const m of s.matchAll(re)) names.add(m[1]!);
  return names;
}

/** `[ ... ]` expressions with balanced parentheses and brackets outside string literals. */
export function isBalancedExpression(s: string): boolean {
  if (!s.startsWith('[') || s.startsWith('[[')) return true;
  if (!s.endsWith(']')) return false;
  let depth = 0;
  let inString = false;
  for (const ch of s.slice(1, -1)) {
    if (ch === "'") inString = !inString;
    else if (!inString && (ch === '(' || ch === '[')) depth++;
    else if (!inString && (ch === ')' || ch === ']')) depth--;
    if (depth < 0) return false;
  }
  return depth === 0 && !inString;
}

export function appSettings(site: ArmResource): Map<string, unknown> {
  const list = prop(site, 'properties.siteConfig.appSettings') as { name: string; value: unknown }[] | undefined;
  return new Map((list ?? []).map((s) => [s.name, s.value]));
}
