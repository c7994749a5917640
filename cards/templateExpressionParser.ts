/** Thrown for anything outside the subset: that template is then left to the library. */
export class UnsupportedTemplate extends Error {}

/**
 * Parses the text inside one `${…}` of a card template, for the subset of the Adaptive
 * Expressions grammar our templates use (see templateExpression.ts), with that grammar's
 * precedence. Throws UnsupportedTemplate for anything else.
 */
export function parseExpressionSource(source: string): ExpressionNode {
  return new Parser(source).parseAll();
}

type Literal = string | number | boolean | null;
export type ExpressionNode =
  | { kind: 'literal'; value: Literal }
  | { kind: 'path'; base: 'root' | 'data' | 'index'; names: string[]; text: string }
  | { kind: 'not'; operand: ExpressionNode }
  | { kind: 'and' | 'or' | 'greater'; left: ExpressionNode; right: ExpressionNode }
  | { kind: 'equal'; negate: boolean; left: ExpressionNode; right: ExpressionNode }
  | { kind: 'count'; operand: ExpressionNode };

const TOKEN = /[ \t]*(?:([A-Za-z_$][A-Za-z0-9_]*)|([0-9]+(?:\.[0-9]+)?)|'([^'\\]*)'|"([^"\\]*)"|(==|!=|<>|&&|\|\||[!().>]))/y;
const PATH_HEADS = { $root: 'root', $data: 'data', $index: 'index' } as const;

type Token = { type: 'name'; text: string } | { type: 'number'; value: number } | { type: 'string'; value: string } | { type: 'op'; text: string };

class Parser {
  private readonly tokens: Token[] = [];
  private at = 0;

  constructor(private readonly source: string) {
    TOKEN.lastIndex = 0;
    while (TOKEN.lastIndex < source.length && !/^[ \t]*$/.test(source.slice(TOKEN.lastIndex))) {
      const start = TOKEN.lastIndex;
      const m = TOKEN.exec(source);
      if (!m) throw this.unsupported(`token at ${start}`);
      // `>=` is outside the subset (other unknown operators never match the token pattern).
      if (m[5] === '>' && source[TOKEN.lastIndex] === '=') throw this.unsupported(`>= at ${start}`);
      if (m[1] !== undefined) this.tokens.push({ type: 'name', text: m[1] });
      else if (m[2] !== undefined) this.tokens.push({ type: 'number', value: parseFloat(m[2]) });
      else if (m[3] !== undefined || m[4] !== undefined) this.tokens.push({ type: 'string', value: (m[3] ?? m[4])! });
      else this.tokens.push({ type: 'op', text: m[5]! });
    }
  }

  parseAll(): ExpressionNode {
    const node = this.parseOr();
    if (this.at !== this.tokens.length) throw this.unsupported('trailing tokens');
    return node;
  }

  // Precedence, lowest first, as in the adaptive-expressions grammar: ||, &&, > (relational binds
  // looser than equality there), == and !=, unary !.
  private parseOr(): ExpressionNode {
    let left = this.parseAnd();
    while (this.takeOp('||')) left = { kind: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): ExpressionNode {
    let left = this.parseGreater();
    while (this.takeOp('&&')) left = { kind: 'and', left, right: this.parseGreater() };
    return left;
  }

  private parseGreater(): ExpressionNode {
    let left = this.parseEqual();
    while (this.takeOp('>')) left = { kind: 'greater', left, right: this.parseEqual() };
    return left;
  }

  private parseEqual(): ExpressionNode {
    let left = this.parseUnary();
    for (let op = this.peekOp(); op === '==' || op === '!=' || op === '<>'; op = this.peekOp()) {
      this.at++;
      const right = this.parseUnary();
      // Equality with a literal on one side is simple (null, number tolerance, ===); between two
      // data values the library compares arrays and objects deeply: not needed, not copied.
      if (left.kind !== 'literal' && right.kind !== 'literal') throw this.unsupported('== between two non-literals');
      left = { kind: 'equal', negate: op !== '==', left, right };
    }
    return left;
  }

  private parseUnary(): ExpressionNode {
    if (this.takeOp('!')) return { kind: 'not', operand: this.parseUnary() };
    return this.parsePrimary();
  }

  private parsePrimary(): ExpressionNode {
    const token = this.tokens[this.at++];
    if (!token) throw this.unsupported('missing operand');
    if (token.type === 'number' || token.type === 'string') return { kind: 'literal', value: token.value };
    if (token.type === 'op') {
      if (token.text !== '(') throw this.unsupported(`"${token.text}"`);
      const inner = this.parseOr();
      if (!this.takeOp(')')) throw this.unsupported('unclosed (');
      return inner;
    }
    const name = token.text;
    if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true' };
    if (name === 'null') return { kind: 'literal', value: null };
    if (name === 'count' && this.takeOp('(')) {
      const operand = this.parsePrimary();
      // count(path) only: anything else either fails the library's type check or is not needed.
      if (operand.kind !== 'path' || !this.takeOp(')')) throw this.unsupported('count() of anything but one path');
      return { kind: 'count', operand };
    }
    const head = Object.hasOwn(PATH_HEADS, name) ? PATH_HEADS[name as keyof typeof PATH_HEADS] : undefined;
    if (name === 'undefined' || (name.startsWith('$') && !head)) throw this.unsupported(name);
    const names = head ? [] : [name];
    while (this.takeOp('.')) {
      const member = this.tokens[this.at++];
      if (member?.type !== 'name' || member.text.startsWith('$')) throw this.unsupported('member name');
      names.push(member.text);
    }
    if (this.peekOp() === '(') throw this.unsupported(`function ${name}`);
    // The text the library prints for a missing value: the path as written, e.g. ${$root.t.x}.
    const text = head ? [name, ...names].join('.') : names.join('.');
    return { kind: 'path', base: head ?? 'data', names, text };
  }

  private peekOp(): string | undefined {
    const token = this.tokens[this.at];
    return token?.type === 'op' ? token.text : undefined;
  }

  private takeOp(op: string): boolean {
    if (this.peekOp() !== op) return false;
    this.at++;
    return true;
  }

  private unsupported(what: string): UnsupportedTemplate {
    return new UnsupportedTemplate(`\${${this.source}}: ${what}`);
  }
}
