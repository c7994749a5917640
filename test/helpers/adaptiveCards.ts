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

/** The nearest shared/schemas above the repository, so a git worktree nested deeper finds it too. */
function schemaPath(): string {
  for (let dir = join(__dirname, '..', '..', '..'); ; dir = dirname(dir)) {
    if (existsSync(join(dir, SCHEMA_FILE))) return join(dir, SCHEMA_FILE);
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

export function schemaErrors(card: unknown): string[] {
  const validate = validator();
  const problems: string[] = [];
  if (!validate(card)) problems.push(...(validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
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
