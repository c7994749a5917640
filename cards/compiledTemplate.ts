import * as ACData from 'adaptivecards-templating';
import { parseExpression, type CompiledExpression, type Evaluate, type PathReader } from './templateExpression';
import { UnsupportedTemplate } from './templateExpressionParser';
import { PathTree, type Scope } from './templateScope';

export { UnsupportedTemplate } from './templateExpressionParser';

/** A template turned into a function of the root data, giving what `Template.expand({ $root })` gives. */
export type CardExpander = (root: unknown) => unknown;

/**
 * Compiles an adaptivecards-templating 2.x template once into closures, so expanding a card costs
 * one pass over each data object it binds (templateScope.ts) and the building of the card, instead
 * of the library's evaluation of every expression through adaptive-expressions. Semantics are the
 * library's, corners included: a whole-string `${expr}` keeps the value's type; a missing path
 * prints as `${path}`; a null or undefined inside a longer string throws (TypeError); `$when`
 * keeps an element only for a real `true`, and a `$when` that is not an expression drops it when
 * truthy; `$data` repeats over an array (an undefined item keeps the previous scope) and
 * rescopes to anything else; elements dropped in an array vanish, elsewhere they become null;
 * arrays produced inside arrays are spliced in. Throws UnsupportedTemplate for anything outside
 * the subset (see templateExpression.ts), and the caller then uses the library for that template.
 */
export function compileTemplate(template: unknown): CardExpander {
  const paths = new PathTree();
  const expand = compileNode(template, '$', { root: paths, data: paths });
  return (root) => {
    const values = paths.read(root);
    return expand({ root, data: root, index: undefined, rootValues: values, values });
  };
}

/** The compiled template, or the library's own expansion for a template outside the subset. */
export function cardExpander(template: object): CardExpander {
  try {
    return compileTemplate(template);
  } catch (err) {
    if (!(err instanceof UnsupportedTemplate)) throw err;
    const library = new ACData.Template(template);
    return (root) => library.expand({ $root: root }) as unknown;
  }
}

type Expand = (scope: Scope) => unknown;

/** The paths bound from `$root`, and from the data of the `$data` level being compiled. */
interface Level {
  readonly root: PathTree;
  readonly data: PathTree;
}

function readerOf(level: Level): PathReader {
  return (base, names) => {
    // $index is a number or undefined: nothing below it.
    if (base === 'index') return names.length === 0 ? (scope) => scope.index : () => undefined;
    if (names.length === 0) return base === 'root' ? (scope) => scope.root : (scope) => scope.data;
    if (base === 'root' || level.data === level.root) {
      const slot = level.root.slot(names);
      return (scope) => scope.rootValues[slot];
    }
    const slot = level.data.slot(names);
    return (scope) => scope.values[slot];
  };
}

/** Keys the library consumes and never copies to the card. */
const RESERVED = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);

function compileNode(node: unknown, where: string, level: Level): Expand {
  if (typeof node === 'string') return compileString(node, where, level);
  if (Array.isArray(node)) return compileArray(node, where, level);
  if (node !== null && typeof node === 'object') return compileObject(node as Record<string, unknown>, where, level);
  return () => node;
}

function compileArray(items: unknown[], where: string, level: Level): Expand {
  const expands = items.map((item, i) => compileNode(item, `${where}[${i}]`, level));
  return (scope) => {
    let out: unknown[] = [];
    for (const expand of expands) {
      const value = expand(scope);
      if (value === null) continue;
      if (Array.isArray(value)) out = out.concat(value);
      else out.push(value);
    }
    return out;
  };
}

function compileObject(node: Record<string, unknown>, where: string, level: Level): Expand {
  // An element with $data reads its bindings (its $when included) from its own data.
  const repeated = node.$data !== undefined;
  const inner: Level = repeated ? { root: level.root, data: new PathTree() } : level;
  const keys = Object.keys(node).filter((key) => !RESERVED.has(key));
  // Fixed values are copied as they are; only bound values cost a call.
  const fixed = keys.map((key) => (isBound(node[key]) ? undefined : node[key]));
  const values = keys.map((key) => (isBound(node[key]) ? compileNode(node[key], `${where}.${key}`, inner) : undefined));
  const build = (scope: Scope): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const expand = values[i];
      const value = expand ? expand(scope) : fixed[i];
      if (value !== undefined) out[keys[i]!] = value;
    }
    return out;
  };
  const keep = compileWhen(node, where, inner);
  if (keep === false) return () => null;
  if (!repeated) return keep ? (scope) => (keep(scope) ? build(scope) : null) : build;

  const bind = compileData(node.$data, `${where}.$data`, level);
  const paths = inner.data;
  return (scope) => {
    const bound = bind(scope);
    const isArray = Array.isArray(bound);
    const items: unknown[] = isArray ? bound : [bound];
    const out: unknown[] = [];
    let data = scope.data;
    let index = scope.index;
    for (let i = 0; i < items.length; i++) {
      if (isArray) index = i;
      // The library keeps the scope of the previous item when an item is undefined.
      if (items[i] !== undefined) data = items[i];
      const itemScope: Scope = { root: scope.root, data, index, rootValues: scope.rootValues, values: paths.read(data) };
      if (!keep || keep(itemScope)) out.push(build(itemScope));
    }
    return out.length === 0 ? null : out.length === 1 ? out[0] : out;
  };
}

/** `$when`: a predicate, undefined when absent or always kept, false when always dropped. */
function compileWhen(node: Record<string, unknown>, where: string, level: Level): Evaluate | false | undefined {
  const when = node.$when;
  if (!hasBinding(when)) return when ? false : undefined;
  const parts = splitBindings(when, `${where}.$when`);
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only === undefined || typeof only === 'string' || only.isLiteral) throw new UnsupportedTemplate(`${where}.$when is not one expression`);
  const test = only.compile(false, readerOf(level));
  return (scope) => test(scope) === true;
}

function compileData(data: unknown, where: string, level: Level): Expand {
  if (typeof data === 'string' && hasBinding(data)) return compileString(data, where, level);
  if (containsBinding(data)) throw new UnsupportedTemplate(`${where} holds bindings inside a literal`);
  // The library scopes to its own copy of a literal $data; so do we, never to the template itself.
  const literal: unknown = JSON.parse(JSON.stringify(data));
  return () => literal;
}

function compileString(text: string, where: string, level: Level): Expand {
  if (!hasBinding(text)) return () => text;
  const parts = splitBindings(text, where);
  for (const part of parts) if (typeof part !== 'string' && part.mayFail) throw new UnsupportedTemplate(`${where}: an expression that can fail`);
  const only = parts.length === 1 ? parts[0] : undefined;
  const read = readerOf(level);
  if (only !== undefined && typeof only !== 'string' && !only.isLiteral) return only.compile(true, read);

  const pieces = parts.map((part) => (typeof part === 'string' ? part : part.compile(true, read)));
  return (scope) => {
    let out = '';
    for (const piece of pieces) {
      // `.toString()` as the library calls it: null and undefined throw, objects print [object Object].
      out += typeof piece === 'string' ? piece : (piece(scope) as { toString(): string }).toString();
    }
    return out;
  };
}

/** Objects and arrays are rebuilt for every card (never shared); strings with `${` are evaluated. */
function isBound(value: unknown): boolean {
  return (value !== null && typeof value === 'object') || hasBinding(value);
}

function hasBinding(value: unknown): value is string {
  return typeof value === 'string' && value.includes('${');
}

function containsBinding(value: unknown): boolean {
  if (hasBinding(value)) return true;
  if (Array.isArray(value)) return value.some(containsBinding);
  return value !== null && typeof value === 'object' && Object.values(value).some(containsBinding);
}

/**
 * Splits a string into text and `${…}` expressions the way the library's lexer does: an
 * expression runs to the first `}` outside a quoted string. Backticks and backslashes (the
 * lexer's escapes) and unclosed or nested braces are left to the library.
 */
function splitBindings(text: string, where: string): Array<string | CompiledExpression> {
  if (/[`\\]/.test(text)) throw new UnsupportedTemplate(`${where}: backtick or backslash`);
  const parts: Array<string | CompiledExpression> = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (!text.startsWith('${', i)) {
      literal += text[i++];
      continue;
    }
    let end = i + 2;
    while (end < text.length && text[end] !== '}') {
      const c = text[end]!;
      if (c === '{' || c === '\r' || c === '\n') throw new UnsupportedTemplate(`${where}: "${c}" inside \${…}`);
      if (c === "'" || c === '"') {
        const close = text.indexOf(c, end + 1);
        if (close < 0) throw new UnsupportedTemplate(`${where}: unclosed quote`);
        end = close;
      }
      end++;
    }
    if (end >= text.length) throw new UnsupportedTemplate(`${where}: unclosed \${`);
    const source = text.slice(i + 2, end).trim();
    if (source === '' || source.startsWith('=')) throw new UnsupportedTemplate(`${where}: empty or "=" expression`);
    if (literal) parts.push(literal);
    literal = '';
    parts.push(parseExpression(source));
    i = end + 1;
  }
  if (literal) parts.push(literal);
  return parts;
}
