import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { JSDOM } from 'jsdom';

/**
 * Checks a card the way a client would: against the official Adaptive Card 1.5 JSON schema
 * (shared/schemas, offline), and by parsing and rendering it with the `adaptivecards` renderer.
 */
const SCHEMA_FILE = join('shared', 'schemas', 'adaptive-card-1.5.json');

/** The nearest shared/schemas above the repository (a worktree sits deeper than the main checkout). */
function schemaPath(): string {
  for (let dir = join(__dirname, '..', '..'); ; dir = dirname(dir)) {
    const candidate = join(dir, SCHEMA_FILE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`${SCHEMA_FILE} not found above ${__dirname}`);
  }
}

let validateFn: ReturnType<Ajv['compile']> | undefined;

function validator() {
  if (validateFn) return validateFn;
  const schema = JSON.parse(readFileSync(schemaPath(), 'utf8')) as Record<string, unknown>;
  const { id, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  addFormats(ajv);
  validateFn = ajv.compile({ ...rest, $id: String(id) });
  return validateFn;
}

/**
 * Teams extends Input.ChoiceSet beyond the 1.5 schema for type-ahead search: `style: "filtered"`
 * and `choices.data` (a Data.Query naming a dataset answered by the bot's application/search
 * invoke). Checks their shape, and gives back the card without them for the schema check.
 */
export function teamsTypeahead(card: unknown): { card: unknown; problems: string[] } {
  const problems: string[] = [];
  const strip = (v: unknown, path: string): unknown => {
    if (Array.isArray(v)) return v.map((x, i) => strip(x, `${path}/${i}`));
    if (!v || typeof v !== 'object') return v;
    const node = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, strip(x, `${path}/${k}`)]));
    if (node.type !== 'Input.ChoiceSet') return node;
    if (node.style === 'filtered') node.style = 'compact';
    if ('choices.data' in node) {
      const q = node['choices.data'] as Record<string, unknown> | undefined;
      const keys = Object.keys(q ?? {});
      const known = ['type', 'dataset', 'count', 'skip', 'associatedInputs'];
      if (!q || q.type !== 'Data.Query' || typeof q.dataset !== 'string' || !q.dataset) problems.push(`${path} choices.data must be a Data.Query with a dataset`);
      if (keys.some((k) => !known.includes(k))) problems.push(`${path} choices.data has unknown properties`);
      if (q?.associatedInputs !== undefined && !['auto', 'none'].includes(String(q.associatedInputs))) problems.push(`${path} choices.data.associatedInputs must be auto or none`);
      delete node['choices.data'];
    }
    return node;
  };
  return { card: strip(card, ''), problems };
}

export function schemaErrors(card: unknown): string[] {
  const validate = validator();
  const { card: standard, problems } = teamsTypeahead(card);
  if (!validate(standard)) problems.push(...(validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
  const c = card as { type?: unknown; version?: unknown };
  if (c.type !== 'AdaptiveCard') problems.push('root type must be AdaptiveCard');
  if (c.version !== '1.5') problems.push('version must be 1.5');
  return problems;
}

/** Every string left unexpanded (`${…}`) is a templating bug a person would see. */
export function unexpandedBindings(card: unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string' && v.includes('${')) found.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(card);
  return found;
}

let dom: JSDOM | undefined;

/** Parses and renders with the adaptivecards renderer; returns its warnings and errors. */
export function renderProblems(card: unknown): string[] {
  if (!dom) {
    dom = new JSDOM('<!doctype html><html><body></body></html>');
    const g = globalThis as Record<string, unknown>;
    g.window = dom.window;
    g.document = dom.window.document;
    // The renderer uses DOM classes (HTMLButtonElement…) as globals, like in a browser.
    const win = dom.window as unknown as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(win)) {
      if (/^(HTML|SVG|Element|Node|Event|Text|Document|DOM|KeyboardEvent|MouseEvent)/.test(name) && !(name in g)) g[name] = win[name];
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');
  // Teams renders a markdown subset; here it is enough that text passes through.
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = text;
    result.didProcess = true;
  };
  const adaptive = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  adaptive.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`${e.phase}: ${e.message}`);
  }
  const element = adaptive.render();
  if (!element) problems.push('render returned nothing');
  return problems;
}

/** All three checks at once, for `expect(cardProblems(card)).toEqual([])`. */
export function cardProblems(card: unknown): string[] {
  return [...schemaErrors(card), ...unexpandedBindings(card).map((s) => `unexpanded: ${s}`), ...renderProblems(card)];
}
