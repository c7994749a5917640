import { GlobalSettings } from 'adaptivecards-templating';
import { TEMPLATES } from '../../cards/cardFactory';
import { cardExpander, compileTemplate, UnsupportedTemplate } from '../../cards/compiledTemplate';
import { bothOutcomes, libraryOutcome } from '../helpers/templateDifferential';

/**
 * The compiled expander against adaptivecards-templating on the corners of its semantics. Each
 * case states what the library gives (checked against the library itself, not assumed) and that
 * the compiled expander gives exactly the same.
 */
type Case = [string, object, unknown, unknown];

const cases: Case[] = [
  // Whole-string bindings keep the value's type; literals are printed as text.
  ['an object stays an object', { data: '${ref}' }, { ref: { id: 'r1', n: [1] } }, { data: { id: 'r1', n: [1] } }],
  ['numbers, booleans, arrays keep their type', { n: '${n}', b: '${b}', a: '${a}' }, { n: 2.5, b: false, a: ['x'] }, { n: 2.5, b: false, a: ['x'] }],
  ['a literal alone is text', { n: '${0}', b: '${true}', s: "${'x'}" }, {}, { n: '0', b: 'true', s: 'x' }],
  ['a null value is kept in a property, dropped in an array', { v: '${x}', list: ['${x}', 1, null] }, { x: null }, { v: null, list: [1] }],
  ['a missing path prints its own binding', { a: '${x.y}', b: '${$root.t.z}', c: 'at ${where} now' }, { x: 5 }, { a: '${x.y}', b: '${$root.t.z}', c: 'at ${where} now' }],
  ['an empty string, 0 and false are values, not missing', { a: '${s}', b: '${z}', c: '${f}' }, { s: '', z: 0, f: false }, { a: '', b: 0, c: false }],
  ['a string value holding ${ is not expanded again', { a: '${s}', b: '> ${s}' }, { s: '${t.x}' }, { a: '${t.x}', b: '> ${t.x}' }],
  // Interpolation renders with toString().
  [
    'interpolation prints numbers, booleans, objects and arrays as JavaScript does',
    { a: 'n ${n} m ${m} b ${b} o ${o} l ${l}' },
    { n: 1e21, m: -0, b: true, o: { k: 1 }, l: [1, null, 'z', [2, 3]] },
    { a: 'n 1e+21 m 0 b true o [object Object] l 1,,z,2,3' },
  ],
  ['null inside a longer string throws', { a: 'x ${v}' }, { v: null }, undefined],
  ['two bindings side by side are text', { a: '${x}${y}' }, { x: 1, y: 2 }, { a: '12' }],
  // Paths: $data relative, case-insensitive keys (first key in order wins), nothing from falsy.
  ['keys match ignoring case (the Kelvin sign is a k), the first one wins', { a: '${name}', b: '${o.TITLE}', c: '${kind}' }, { Name: 1, name: 2, o: { title: 3 }, ['\u212Aind']: 4 }, { a: 1, b: 3, c: 4 }],
  ['a path through a string, number or array finds nothing', { a: '${s.length}', b: '${n.x}', c: '${l.length}' }, { s: 'abc', n: 3, l: [1] }, { a: '${s.length}', b: '${n.x}', c: '${l.length}' }],
  // $when
  [
    '$when keeps only a real true',
    { body: [{ $when: '${a}', k: 1 }, { $when: '${b}', k: 2 }, { $when: '${c}', k: 3 }, { $when: '${missing}', k: 4 }] },
    { a: true, b: 'true', c: 1 },
    { body: [{ k: 1 }] },
  ],
  ['a $when that is not an expression drops when truthy', { body: [{ $when: true, k: 1 }, { $when: false, k: 2 }, { $when: 'yes', k: 3 }, { $when: '', k: 4 }] }, {}, { body: [{ k: 2 }, { k: 4 }] }],
  ['a dropped element outside an array becomes null', { card: { $when: '${a}', k: 1 } }, { a: false }, { card: null }],
  [
    '!, && and == against a literal, on missing values',
    { a: '${!x}', b: "${x == ''}", c: "${x != ''}", d: '${x == null}', e: '${!x && y}', f: '${!urgent && daysLeft != 0}' },
    { y: true, daysLeft: 5 },
    { a: true, b: false, c: true, d: true, e: true, f: true },
  ],
  ['== has no type coercion, numbers compare within epsilon', { a: "${z == ''}", b: '${n == 0.3}', c: "${s == '1'}" }, { z: 0, n: 0.1 + 0.2, s: 1 }, { a: false, b: true, c: false }],
  [
    '|| gives the last operand when nothing is true (undefined drops the property)',
    { a: '${x || y}', b: '${x || z}', c: '${x || w}', d: '${x || q}' },
    { y: null, z: 0, w: false },
    { a: null, b: true, c: false },
  ],
  [
    '! binds tighter than ==, and == tighter than >',
    { a: '${!s == true}', body: [{ $when: '${count(l) > 1 == true}', k: 1 }, { $when: '${count(l) > 1}', k: 2 }] },
    { s: 'x', l: [1, 2] },
    { a: false, body: [{ k: 2 }] },
  ],
  [
    'count() of arrays, strings, objects; anything else fails the comparison',
    { body: [{ $when: '${count(a) > 0}', k: 'a' }, { $when: '${count(s) > 2}', k: 's' }, { $when: '${count(o) > 0}', k: 'o' }, { $when: '${count(n) > 0}', k: 'n' }, { $when: '${count(x) > 0}', k: 'x' }] },
    { a: [1], s: 'abc', o: { k: 1 }, n: 5 },
    { body: [{ k: 'a' }, { k: 's' }, { k: 'o' }] },
  ],
  ['> between a string and a number fails, and a failed $when drops', { body: [{ $when: '${s > 1}', k: 1 }, { $when: '${!(s > 1)}', k: 2 }] }, { s: 'a' }, { body: [{ k: 2 }] }],
  // $data
  [
    '$data repeats over an array, with $index and $root',
    { body: [{ $data: '${items}', text: '${$index}: ${title} ${$root.suffix}', v: '${$data.v}' }] },
    { items: [{ title: 'a', v: 1 }, { title: 'b' }], suffix: '!' },
    { body: [{ text: '0: a !', v: 1 }, { text: '1: b !', v: '${$data.v}' }] },
  ],
  ['$data over one item gives the element, not an array', { facts: { $data: '${items}', t: '${t}' } }, { items: [{ t: 'x' }] }, { facts: { t: 'x' } }],
  ['$data over several items outside an array gives an array', { facts: { $data: '${items}', t: '${t}' } }, { items: [{ t: 'x' }, { t: 'y' }] }, { facts: [{ t: 'x' }, { t: 'y' }] }],
  ['$data over an empty array drops the element', { body: [{ $data: '${items}', t: 1 }], one: { $data: '${items}', t: 1 } }, { items: [] }, { body: [], one: null }],
  ['$data over an object rescopes', { a: { $data: '${o}', t: '${t}', r: '${$root.t}' } }, { o: { t: 'in' }, t: 'out' }, { a: { t: 'in', r: 'out' } }],
  ['a missing $data scopes to the text ${path}', { body: [{ $data: '${nothing}', t: '${title}', d: '${$data}' }] }, {}, { body: [{ t: '${title}', d: '${nothing}' }] }],
  ['a null $data scopes to null', { body: [{ $data: '${nothing}', t: '${title}' }] }, { nothing: null }, { body: [{ t: '${title}' }] }],
  ['an undefined item keeps the previous item as scope', { body: [{ $data: '${xs}', t: '${$data}', i: '${$index}' }] }, { xs: ['a', undefined, 'c'] }, { body: [{ t: 'a', i: 0 }, { t: 'a', i: 1 }, { t: 'c', i: 2 }] }],
  [
    'nested $data and $when per item',
    { body: [{ $data: '${groups}', $when: '${show}', items: [{ $data: '${rows}', text: '${$data}' }] }] },
    { groups: [{ show: true, rows: ['a', 'b'] }, { show: false, rows: ['c'] }, { show: true, rows: [] }] },
    { body: [{ items: ['a', 'b'].map((text) => ({ text })) }, { items: [] }] },
  ],
  ['a literal $data', { body: [{ $data: [{ t: 'x' }, { t: 'y' }], v: '${t}' }] }, {}, { body: [{ v: 'x' }, { v: 'y' }] }],
  ['arrays made inside arrays are spliced in', { body: ['${list}', [1, [2]], { $data: '${items}', k: '${$data}' }] }, { list: [0, null], items: [3, 4] }, { body: [0, null, 1, 2, { k: 3 }, { k: 4 }] }],
  ['reserved keys never reach the card', { $root: 1, $index: 2, $host: 3, $_acTemplateVersion: 4, $schema: 'kept', k: '${$index}' }, {}, { $schema: 'kept', k: '${$index}' }],
];

describe('compiled card templates give what adaptivecards-templating gives', () => {
  it.each(cases)('%s', (_name, template, root, expected) => {
    const { compiled, library } = bothOutcomes(template, root);
    expect(library).toStrictEqual(expected === undefined ? { threw: 'TypeError' } : { card: expected, json: JSON.stringify(expected) });
    expect(compiled).toStrictEqual(library);
  });

  it('every registered template compiles: none falls back to the library', () => {
    const failures = Object.entries(TEMPLATES).flatMap(([name, template]) => {
      try {
        compileTemplate(template);
        return [];
      } catch (err) {
        return [`${name}: ${(err as Error).message}`];
      }
    });
    expect(failures).toEqual([]);
    expect(Object.keys(TEMPLATES).length).toBeGreaterThan(30);
  });

  it('follows a custom text for missing values, as the library does', () => {
    GlobalSettings.getUndefinedFieldValueSubstitutionString = (path) => (path === 'a' ? `<${path}>` : '');
    try {
      const { compiled, library } = bothOutcomes({ a: '${a}', b: 'x ${b}' }, {});
      expect(library).toMatchObject({ card: { a: '<a>', b: 'x ${b}' } });
      expect(compiled).toStrictEqual(library);
    } finally {
      GlobalSettings.getUndefinedFieldValueSubstitutionString = undefined;
    }
  });

  it('gives a new card every time: changing one card never changes the next', () => {
    const expand = compileTemplate({ body: [{ type: 'TextBlock', text: 'fixed' }], actions: [{ $data: [{ k: 1 }], k: '${k}' }] });
    const first = expand({}) as { body: Array<{ text: string }> };
    first.body[0]!.text = 'changed';
    expect(expand({})).toEqual({ body: [{ type: 'TextBlock', text: 'fixed' }], actions: [{ k: 1 }] });
  });

  const unsupported: Array<[string, object]> = [
    ['arithmetic', { a: '${a + 1}' }],
    ['another function', { a: '${toUpper(a)}' }],
    ['>=', { a: { $when: '${count(a) >= 1}' } }],
    ['== between two data values', { a: '${a == b}' }],
    ['an index', { a: '${a[0]}' }],
    ['a $host path', { a: '${$host.x}' }],
    ['an escape', { a: 'x \\${a}' }],
    ['an unclosed binding', { a: 'x ${a' }],
    ['a $when with text around it', { a: { $when: 'x${a}' } }],
    ['a whole-string count() (it can fail, and then the library throws)', { a: '${count(a)}' }],
    ['two spellings of one name', { a: '${name}', b: '${NAME}' }],
    ['bindings inside a literal $data', { a: { $data: [{ t: '${x}' }] } }],
  ];
  it.each(unsupported)('leaves %s to the library, which then expands that template', (_name, template) => {
    expect(() => compileTemplate(template)).toThrow(UnsupportedTemplate);
    const root = { a: [1, 2], b: 'x', x: 1 };
    const viaFallback = (() => {
      try {
        return { card: cardExpander(template)(root) };
      } catch (err) {
        return { threw: (err as Error).constructor.name };
      }
    })();
    const library = libraryOutcome(template, root);
    expect(viaFallback).toStrictEqual('card' in library ? { card: library.card } : library);
  });
});
