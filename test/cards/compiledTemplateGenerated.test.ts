import fc from 'fast-check';
import { TEMPLATES } from '../../cards/cardFactory';
import { Translator } from '../../services/i18n/catalog';
import { bothOutcomes } from '../helpers/templateDifferential';

/**
 * Generated data against every template: the paths each template binds (read here from the
 * template text, independently of the compiler) get values of every kind: the expected shape,
 * strings (empty, holding `${`), numbers (-0, NaN, 1e21), booleans, null, undefined, missing keys,
 * keys differing only in case, arrays of objects (empty too), nested objects, dates and maps. The
 * compiled expander and adaptivecards-templating must give the same card or both throw.
 */
interface Shape {
  fields: Map<string, Shape>;
}

const newShape = (): Shape => ({ fields: new Map() });

function at(shape: Shape, names: string[]): Shape {
  let s = shape;
  for (const name of names) {
    let next = s.fields.get(name);
    if (!next) s.fields.set(name, (next = newShape()));
    s = next;
  }
  return s;
}

/** The shape a path names, from the current `$data` scope or from `$root`; undefined for `$index`. */
function shapeAt(path: string, scope: Shape, root: Shape): Shape | undefined {
  const [head, ...rest] = path.split('.');
  if (head === '$index') return undefined;
  if (head === '$root') return at(root, rest);
  if (head === '$data') return at(scope, rest);
  return at(scope, [head!, ...rest]);
}

function pathsIn(text: string): string[] {
  const paths: string[] = [];
  for (const [, expression] of text.matchAll(/\$\{([^}]*)\}/g)) {
    const code = expression!.replace(/'[^']*'|"[^"]*"/g, "''");
    for (const m of code.matchAll(/[$A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*/g)) {
      const isCall = /^\s*\(/.test(code.slice(m.index + m[0].length));
      if (!isCall && !['true', 'false', 'null'].includes(m[0])) paths.push(m[0]);
    }
  }
  return paths;
}

function collect(node: unknown, scope: Shape, root: Shape): void {
  if (typeof node === 'string') for (const path of pathsIn(node)) shapeAt(path, scope, root);
  else if (Array.isArray(node)) for (const item of node) collect(item, scope, root);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const bound = typeof o.$data === 'string' ? pathsIn(o.$data)[0] : undefined;
    const inner = (bound && shapeAt(bound, scope, root)) || scope;
    for (const [key, value] of Object.entries(o)) collect(value, key === '$data' ? scope : inner, root);
  }
}

function shapeOf(template: object): Shape {
  const root = newShape();
  collect(template, root, root);
  return root;
}

const text = fc.oneof(
  fc.constantFrom('', ' ', '${x}', '${title}', 'a ${b} c', '${', '}', '$', '0', 'true', 'null', 'Zoë ✓ 引荐 «»'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);
const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, 1e21, 0.1 + 0.2, Number.NaN));
const leaf: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: text, weight: 6 },
  { arbitrary: number, weight: 2 },
  // Often true, so elements behind `$when` (which wants exactly true) are drawn too.
  { arbitrary: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }), weight: 8 },
  { arbitrary: fc.constantFrom(null, undefined), weight: 2 },
  { arbitrary: fc.array(text, { maxLength: 3 }), weight: 2 },
  { arbitrary: fc.array(fc.object({ maxDepth: 1, maxKeys: 3 }), { maxLength: 2 }), weight: 1 },
  { arbitrary: fc.object({ maxDepth: 2, maxKeys: 3 }), weight: 1 },
  { arbitrary: fc.date(), weight: 1 },
);

/** Same letters in another case, the Kelvin sign (which lower-cases to k) included. */
function otherCase(name: string): string {
  if (/k/i.test(name)) return name.replace(/k/i, '\u212A');
  const flipped = name[0] === name[0]!.toUpperCase() ? name[0]!.toLowerCase() : name[0]!.toUpperCase();
  return flipped === name[0] ? name.toUpperCase() : flipped + name.slice(1);
}

function valueFor(shape: Shape, memo: Map<Shape, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  if (shape.fields.size === 0) return leaf;
  let arbitrary = memo.get(shape);
  if (arbitrary) return arbitrary;
  const object = objectFor(shape, memo);
  arbitrary = fc.oneof(
    { arbitrary: object, weight: 5 },
    { arbitrary: fc.array(fc.oneof({ arbitrary: object, weight: 6 }, { arbitrary: leaf, weight: 1 }), { maxLength: 3 }), weight: 4 },
    { arbitrary: leaf, weight: 2 },
    { arbitrary: object.map((o) => new Map(Object.entries(o))), weight: 1 },
  );
  memo.set(shape, arbitrary);
  return arbitrary;
}

function objectFor(shape: Shape, memo: Map<Shape, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const entries = [...shape.fields].map(([name, child]) => {
    const value = valueFor(child, memo);
    return fc.oneof(
      { arbitrary: fc.constant([] as Array<[string, unknown]>), weight: 2 },
      { arbitrary: value.map((v): Array<[string, unknown]> => [[name, v]]), weight: 12 },
      { arbitrary: value.map((v): Array<[string, unknown]> => [[otherCase(name), v]]), weight: 1 },
      { arbitrary: fc.tuple(value, value).map(([a, b]): Array<[string, unknown]> => [[otherCase(name), a], [name, b]]), weight: 1 },
    );
  });
  return fc.tuple(...entries).map((parts) => Object.fromEntries(parts.flat()));
}

const strings = new Translator('en-US').strings();

describe('compiled templates on generated data', () => {
  it.each(Object.entries(TEMPLATES))('%s gives the library\'s card for any data at its bindings', (_name, template) => {
    const shape = shapeOf(template);
    expect(shape.fields.size).toBeGreaterThan(0);
    const roots = fc.tuple(objectFor(shape, new Map()), fc.boolean()).map(([root, realStrings]) => (realStrings ? { ...root, t: strings } : root));
    fc.assert(
      fc.property(roots, (root) => {
        const { compiled, library } = bothOutcomes(template, root);
        expect(compiled).toStrictEqual(library);
      }),
      { numRuns: 150 },
    );
  });
});
