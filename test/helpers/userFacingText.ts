import ts from 'typescript';

/**
 * Finds words written straight into code or card templates instead of the message catalogs.
 * A string "has words" when it holds a letter of any script (\p{L}) outside `${…}` bindings;
 * "•", "·", "✅ " or "**" carry none. Precision over recall: only places a person reads are
 * looked at (card properties a client shows, and the arguments of calls that send text), so a
 * hit is almost always a real violation.
 */

export interface Violation {
  file: string;
  line?: number;
  where: string;
  text: string;
}

const LETTER = /\p{L}/u;

// ---------------------------------------------------------------------------------------------
// Adaptive Card templates
// ---------------------------------------------------------------------------------------------

/** Card properties a client shows to the person (Adaptive Cards 1.5 and Teams extensions). */
const CARD_TEXT_PROPERTIES = new Set(['text', 'title', 'subtitle', 'placeholder', 'label', 'errorMessage', 'altText', 'fallbackText', 'speak', 'tooltip']);
/** Elements whose `value` is shown as it is (a fact's value, a text input's prefill). */
const SHOWN_VALUE_TYPES = new Set(['Input.Text', 'Fact']);

/** `${…}` spans of a template string (nested braces and quoted strings inside are respected). */
export function bindingsOf(s: string): { outside: string; inside: string[] } {
  let outside = '';
  const inside: string[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === '$' && s[i + 1] === '{') {
      let depth = 0;
      let quote: string | undefined;
      let j = i + 1;
      for (; j < s.length; j++) {
        const c = s[j];
        if (quote) {
          if (c === quote) quote = undefined;
        } else if (c === "'" || c === '"') quote = c;
        else if (c === '{') depth++;
        else if (c === '}' && --depth === 0) break;
      }
      inside.push(s.slice(i + 2, j));
      i = j + 1;
    } else {
      outside += s[i];
      i++;
    }
  }
  return { outside, inside };
}

/** Words in a template string: outside its bindings, or quoted inside one (`${if(x, 'Yes', 'No')}`). */
export function templateStringWords(s: string): boolean {
  const { outside, inside } = bindingsOf(s);
  if (LETTER.test(outside)) return true;
  return inside.some((expr) => [...expr.matchAll(/'([^']*)'|"([^"]*)"/g)].some((m) => LETTER.test(m[1] ?? m[2] ?? '')));
}

/** Every user-visible string of a card template that is not made of catalog or data bindings. */
export function templateViolations(template: unknown, file: string): Violation[] {
  const found: Violation[] = [];
  const check = (value: unknown, where: string) => {
    if (typeof value === 'string' && templateStringWords(value)) found.push({ file, where, text: value });
  };
  const walk = (node: unknown, where: string, parentKey: string) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        // RichTextBlock inlines may be plain strings.
        if (parentKey === 'inlines') check(item, `${where}[${i}]`);
        walk(item, `${where}[${i}]`, parentKey);
      });
      return;
    }
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    const type = parentKey === 'facts' ? 'Fact' : typeof o.type === 'string' ? o.type : '';
    for (const [key, value] of Object.entries(o)) {
      const path = `${where}.${key}`;
      if (CARD_TEXT_PROPERTIES.has(key) || (key === 'value' && SHOWN_VALUE_TYPES.has(type))) check(value, path);
      walk(value, path, key);
    }
  };
  walk(template, '$', '');
  return found;
}

/** Catalog paths a template binds to (`${t.help.title}` → "help.title"). */
export function catalogReferences(template: unknown): string[] {
  const refs = new Set<string>();
  const walk = (node: unknown) => {
    if (typeof node === 'string') {
      for (const expr of bindingsOf(node).inside) {
        for (const m of expr.matchAll(/(?:^|[^\w.$])(?:\$root\.)?t\.([A-Za-z_][\w]*(?:\.[A-Za-z0-9_]+)*)/g)) refs.add(m[1]!);
      }
    } else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(template);
  return [...refs];
}

// ---------------------------------------------------------------------------------------------
// TypeScript sources
// ---------------------------------------------------------------------------------------------

/** Object properties a person reads when the object becomes a message, card or prompt. */
const OBJECT_TEXT_PROPERTIES = new Set([
  'text',
  'title',
  'subtitle',
  'summary',
  'description',
  'prompt',
  'retryPrompt',
  'speak',
  'altText',
  'fallbackText',
  'placeholder',
  'label',
  'errorMessage',
  'tooltip',
]);

/**
 * Calls that send text to a person, and which arguments carry it. `receiver` limits a generic
 * method name to one object (MessageFactory.text, not any `.text(`).
 */
const SINKS: ReadonlyArray<{ name: string; receiver?: string; args: number[] }> = [
  { name: 'sendActivity', args: [0, 1] },
  { name: 'sendActivities', args: [0] },
  { name: 'updateActivity', args: [0] },
  { name: 'text', receiver: 'MessageFactory', args: [0, 1] },
  { name: 'suggestedActions', receiver: 'MessageFactory', args: [0, 1, 2] },
  { name: 'attachment', receiver: 'MessageFactory', args: [1, 2] },
  { name: 'list', receiver: 'MessageFactory', args: [1, 2] },
  { name: 'carousel', receiver: 'MessageFactory', args: [1, 2] },
  { name: 'contentUrl', receiver: 'MessageFactory', args: [2, 3, 4] },
  { name: 'heroCard', receiver: 'CardFactory', args: [0, 1] },
  { name: 'thumbnailCard', receiver: 'CardFactory', args: [0, 1] },
  { name: 'signinCard', receiver: 'CardFactory', args: [0, 2] },
  { name: 'oauthCard', receiver: 'CardFactory', args: [1, 2] },
  { name: 'actions', receiver: 'CardFactory', args: [0] },
  // A prompt's options: `dc.prompt('textPrompt', 'What is…?')` or `{ prompt: …, retryPrompt: … }`.
  { name: 'prompt', args: [1] },
  // The one place card-action refusals are shaped: its message is shown to the person.
  { name: 'errorResponse', args: [2] },
];

function calleeName(call: ts.CallExpression): { name: string; receiver?: string } | undefined {
  const e = call.expression;
  if (ts.isIdentifier(e)) return { name: e.text };
  if (ts.isPropertyAccessExpression(e)) return { name: e.name.text, receiver: ts.isIdentifier(e.expression) ? e.expression.text : undefined };
  return undefined;
}

function isCatalogLookup(call: ts.CallExpression): boolean {
  return calleeName(call)?.name === 't';
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}

/** Scans one TypeScript source for user-facing text written into the code. */
export function sourceViolations(source: string, file: string): Violation[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: Violation[] = [];
  const reported = new Set<ts.Node>();
  const constants = new Map<string, ts.Expression[]>();
  const collect = (node: ts.Node) => {
    if (ts.isVariableDeclarationList(node) && node.flags & ts.NodeFlags.Const) {
      for (const d of node.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer) constants.set(d.name.text, [...(constants.get(d.name.text) ?? []), d.initializer]);
      }
    }
    ts.forEachChild(node, collect);
  };
  collect(sf);

  const report = (node: ts.Node, where: string, text: string) => {
    if (reported.has(node)) return;
    reported.add(node);
    found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, where, text });
  };

  /** An expression whose value a person reads: words in its literal parts are violations. */
  const checkText = (e: ts.Expression, where: string, seen: Set<string> = new Set()): void => {
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) {
      if (LETTER.test(e.text)) report(e, where, e.text);
    } else if (ts.isTemplateExpression(e)) {
      const literal = [e.head.text, ...e.templateSpans.map((s) => s.literal.text)].join('…');
      if (LETTER.test(literal)) report(e, where, e.getText(sf));
      for (const span of e.templateSpans) checkText(span.expression, where, seen);
    } else if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e)) {
      checkText(e.expression, where, seen);
    } else if (ts.isConditionalExpression(e)) {
      checkText(e.whenTrue, where, seen);
      checkText(e.whenFalse, where, seen);
    } else if (ts.isBinaryExpression(e) && [ts.SyntaxKind.PlusToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(e.operatorToken.kind)) {
      checkText(e.left, where, seen);
      checkText(e.right, where, seen);
    } else if (ts.isArrayLiteralExpression(e)) {
      for (const el of e.elements) checkText(ts.isSpreadElement(el) ? el.expression : el, where, seen);
    } else if (ts.isObjectLiteralExpression(e)) {
      checkObject(e, seen);
    } else if (ts.isCallExpression(e)) {
      // `[…].join('\n')`: the joined parts are read, the separator is not.
      const callee = calleeName(e);
      if (callee?.name === 'join' && ts.isPropertyAccessExpression(e.expression)) checkText(e.expression.expression, where, seen);
    } else if (ts.isIdentifier(e) && !seen.has(e.text)) {
      // A constant of this file holding the text (`const hello = 'Hi'; send(hello)`).
      for (const init of constants.get(e.text) ?? []) checkText(init, where, new Set([...seen, e.text]));
    }
  };

  /** An object that becomes a message, card or prompt: its text properties are read. */
  const checkObject = (o: ts.ObjectLiteralExpression, seen: Set<string> = new Set()): void => {
    for (const p of o.properties) {
      if (ts.isPropertyAssignment(p)) {
        const name = propertyName(p.name);
        // `summary: 'summary'` names an id after itself (a map of constant ids), not text.
        const namesItself = ts.isStringLiteral(p.initializer) && p.initializer.text === name;
        if (name && OBJECT_TEXT_PROPERTIES.has(name) && !namesItself) checkText(p.initializer, `${name}:`, seen);
        else if (ts.isObjectLiteralExpression(p.initializer)) checkObject(p.initializer, seen);
        else if (ts.isArrayLiteralExpression(p.initializer)) {
          for (const el of p.initializer.elements) if (ts.isObjectLiteralExpression(el)) checkObject(el, seen);
        }
      } else if (ts.isShorthandPropertyAssignment(p) && OBJECT_TEXT_PROPERTIES.has(p.name.text)) {
        checkText(p.name, `${p.name.text}:`, seen);
      }
    }
  };

  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && isCatalogLookup(node)) return; // a key, not text
    if (ts.isCallExpression(node)) {
      const callee = calleeName(node);
      const sink = callee && SINKS.find((s) => s.name === callee.name && (!s.receiver || s.receiver === callee.receiver));
      if (sink) {
        for (const i of sink.args) {
          const arg = node.arguments[i];
          if (arg) checkText(arg, `${callee.receiver ? `${callee.receiver}.` : ''}${callee.name}(`);
        }
      }
    }
    // Card data and message objects anywhere: `{ title: 'Status', command: … }` is read on a card.
    if (ts.isObjectLiteralExpression(node)) checkObject(node);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Catalog keys looked up with a literal key (`tr.t('help.title')`, or either branch of `c ? 'a.b' : 'c.d'`). */
export function literalCatalogKeys(source: string, file: string): Array<{ key: string; line: number }> {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const keys: Array<{ key: string; line: number }> = [];
  const literals = (e: ts.Expression): ts.StringLiteralLike[] => {
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e];
    if (ts.isConditionalExpression(e)) return [...literals(e.whenTrue), ...literals(e.whenFalse)];
    if (ts.isParenthesizedExpression(e)) return literals(e.expression);
    return [];
  };
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && isCatalogLookup(node) && node.arguments[0]) {
      for (const lit of literals(node.arguments[0])) {
        keys.push({ key: lit.text, line: sf.getLineAndCharacterOfPosition(lit.getStart(sf)).line + 1 });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return keys;
}
