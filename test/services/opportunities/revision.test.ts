import fc from 'fast-check';
import { canonicalJson, knownFromStore, revisionOf, withRevision } from '../../../services/opportunities/revision';
import { makeOpportunity } from '../../helpers/opportunities';

/** The plain definition the fast version must agree with, character for character. */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : reference(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

describe('revision of an opportunity', () => {
  it('writes canonical JSON exactly as the plain definition does, for any JSON-like value', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.constant(undefined),
        fc.boolean(),
        fc.double({ noNaN: true }),
        fc.string({ unit: 'grapheme' }),
        fc.array(tie('value'), { maxLength: 5 }),
        fc.dictionary(fc.string({ unit: 'binary' }), tie('value'), { maxKeys: 6 }),
      ),
    })).value;
    fc.assert(fc.property(json, (v) => canonicalJson(v) === reference(v)), { numRuns: 2000 });
  });

  it('tells apart objects whose key lists read alike (shapes are remembered by their keys)', () => {
    const alike = [{}, { '': {} }, { a: 1, b: 2 }, { 'a\u0000': 1, b: 2 }, { a: 1, '\u0000b': 2 }, { b: 2, a: 1 }, { a: undefined, b: 2 }];
    for (let round = 0; round < 2; round++) {
      for (const v of alike) expect(canonicalJson(v)).toBe(reference(v));
    }
  });

  it('ignores key order and bookkeeping, and changes with anything a person can see', () => {
    const o = makeOpportunity();
    const reordered = Object.fromEntries(Object.entries(o).reverse()) as typeof o;
    expect(revisionOf(reordered)).toBe(revisionOf(o));
    expect(revisionOf({ ...o, nextReminderAt: '2030-01-01T00:00:00.000Z', outbox: [] })).toBe(revisionOf(o));
    expect(revisionOf({ ...o, name: `${o.name}!` })).not.toBe(revisionOf(o));
    expect(revisionOf({ ...o, favorite: !o.favorite })).not.toBe(revisionOf(o));
  });

  it('a stamped version carries its own revision; a changed copy of it is hashed again, never trusted', () => {
    const o = makeOpportunity();
    const stamped = withRevision(o);
    expect(stamped.revision).toBe(revisionOf(o));
    expect(withRevision(stamped).revision).toBe(stamped.revision);
    const renamed = { ...stamped, name: `${o.name}!` };
    expect(revisionOf(renamed)).not.toBe(stamped.revision);
    expect(withRevision(renamed).revision).toBe(revisionOf(renamed));
  });

  it('a version read from the store is taken at its stored revision', () => {
    const read = { ...makeOpportunity(), revision: 'r-stored' };
    knownFromStore(read);
    expect(revisionOf(read)).toBe('r-stored');
    const older = makeOpportunity();
    knownFromStore(older);
    expect(revisionOf(older)).toBe(revisionOf({ ...older }));
  });
});
