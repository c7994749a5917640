import { GlobalSettings } from 'adaptivecards-templating';
import { parseExpressionSource, type ExpressionNode } from './templateExpressionParser';
import type { Scope } from './templateScope';

export type Evaluate = (scope: Scope) => unknown;

/**
 * An evaluation error of adaptive-expressions, with the value it leaves behind (`||` passes that
 * value on; `!`, `&&`, `==` and `>` turn an error of their operands into a plain boolean).
 */
class Failure {
  constructor(readonly value: unknown) {}
}
const COUNT_FAILED = new Failure(undefined);
const NOT_COMPARABLE = new Failure(false);

/** How a path is read: `$data` or `$root` plus names (none for `$data` itself), or `$index`. */
export type PathReader = (base: 'root' | 'data' | 'index', names: ReadonlyArray<string>) => Evaluate;

export interface CompiledExpression {
  /** A literal (`${'x'}`, `${0}`): the library renders even a whole-string literal as text. */
  readonly isLiteral: boolean;
  /** Whether evaluation can end in an error, which the library throws or prints as `${…}`. */
  readonly mayFail: boolean;
  /** Evaluates; `substitute`: a missing path gives its own `${path}` text (the library's default). */
  compile(substitute: boolean, read: PathReader): Evaluate;
}

/**
 * The part of the Adaptive Expressions language our card templates use inside `${…}`: paths
 * (`a.b`, `$root.a`, `$data`, `$index`), literals ('text', 12, true, false, null), `!`, `&&`, `||`,
 * `==`/`!=` against a literal, `>` and `count(path)`. Parsed once into a closure that evaluates
 * exactly as adaptive-expressions 4.x does under adaptivecards-templating 2.x (the caller says how
 * a path is read: see templateScope.ts). Anything else throws UnsupportedTemplate, so that
 * template is left to the library and can never differ.
 */
export function parseExpression(source: string): CompiledExpression {
  const node = parseExpressionSource(source);
  return {
    isLiteral: node.kind === 'literal',
    mayFail: node.kind === 'count' || node.kind === 'greater',
    compile: (substitute, read) => compileNode(node, substitute, read),
  };
}

function compileNode(node: ExpressionNode, substitute: boolean, read: PathReader): Evaluate {
  switch (node.kind) {
    case 'literal': {
      const value = node.value;
      return () => value;
    }
    case 'path': {
      const value = read(node.base, node.names);
      const text = node.text;
      if (!substitute) return value;
      return (scope) => {
        const found = value(scope);
        return found === undefined ? substitution(text) : found;
      };
    }
    case 'not': {
      // Logical operators and comparisons evaluate their operands without substitution.
      const operand = compileNode(node.operand, false, read);
      return (scope) => {
        const value = operand(scope);
        return value instanceof Failure ? true : !isLogicTrue(value);
      };
    }
    case 'and': {
      const left = compileNode(node.left, false, read);
      const right = compileNode(node.right, false, read);
      return (scope) => {
        const l = left(scope);
        if (l instanceof Failure || !isLogicTrue(l)) return false;
        const r = right(scope);
        return !(r instanceof Failure) && isLogicTrue(r);
      };
    }
    case 'or': {
      const left = compileNode(node.left, false, read);
      const right = compileNode(node.right, false, read);
      // When nothing is true, `||` gives the last operand's own value (null stays null).
      return (scope) => {
        const l = left(scope);
        if (!(l instanceof Failure) && isLogicTrue(l)) return true;
        const r = right(scope);
        if (r instanceof Failure) return r.value;
        return isLogicTrue(r) ? true : r;
      };
    }
    case 'equal': {
      const left = compileNode(node.left, false, read);
      const right = compileNode(node.right, false, read);
      const negate = node.negate;
      // An operand that fails makes == and != both false.
      return (scope) => {
        const l = left(scope);
        if (l instanceof Failure) return false;
        const r = right(scope);
        if (r instanceof Failure) return false;
        return equalsLiteral(l, r) !== negate;
      };
    }
    case 'greater': {
      const left = compileNode(node.left, false, read);
      const right = compileNode(node.right, false, read);
      return (scope) => {
        const l = left(scope);
        if (l instanceof Failure || l == null) return false;
        const r = right(scope);
        if (r instanceof Failure || r == null) return false;
        if ((isNumber(l) && isNumber(r)) || (typeof l === 'string' && typeof r === 'string') || (l instanceof Date && r instanceof Date)) return (l as number) > (r as number);
        return NOT_COMPARABLE;
      };
    }
    case 'count': {
      const operand = compileNode(node.operand, substitute, read);
      return (scope) => count(operand(scope));
    }
  }
}

function substitution(path: string): string {
  const custom = GlobalSettings.getUndefinedFieldValueSubstitutionString?.(path);
  return custom ? custom : '${' + path + '}';
}

function isLogicTrue(value: unknown): boolean {
  return typeof value === 'boolean' ? value : value != null;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && !Number.isNaN(value);
}

/** The library's equality when one side is a literal: null only equals null/undefined, numbers within epsilon. */
function equalsLiteral(a: unknown, b: unknown): boolean {
  if (a == null || b == null) return a == null && b == null;
  if (isNumber(a) && isNumber(b) && Math.abs(a - b) < Number.EPSILON) return true;
  return a === b;
}

function count(value: unknown): unknown {
  if (value instanceof Failure) return COUNT_FAILED;
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (value instanceof Map) return value.size;
  // null passes the library's container check and then fails in Object.keys.
  if (typeof value === 'object') return value === null ? COUNT_FAILED : Object.keys(value).length;
  return COUNT_FAILED;
}
