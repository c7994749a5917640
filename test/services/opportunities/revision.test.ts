import fc from 'fast-check';
import { OpportunityRepository } from '../../../services/opportunities/opportunityRepository';
import { canonicalJson, revisionOf } from '../../../services/opportunities/revision';
import { SqliteStore } from '../../../services/store/sqliteStore';
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
});

describe('revision of a stored version', () => {
  it('is hashed once per version: reading the same version again reuses it, a new version is hashed', async () => {
    const crypto = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const hashes = jest.spyOn(crypto, 'hash');
    const store = new SqliteStore(':memory:');
    try {
      const repo = new OpportunityRepository(store);
      const created = await repo.create(makeOpportunity());
      const first = revisionOf(created.value);
      expect(hashes).toHaveBeenCalledTimes(1);

      const again = await repo.get(created.value.tenantId, created.value.id);
      expect(again?.value).not.toBe(created.value); // a new object, read from the store
      expect(revisionOf(again!.value)).toBe(first);
      expect(hashes).toHaveBeenCalledTimes(1);

      const listed = await repo.list(created.value.tenantId);
      expect(revisionOf(listed.items[0]!.value)).toBe(first);
      expect(hashes).toHaveBeenCalledTimes(1);

      // Bookkeeping only: a new version, hashed again, with the same revision.
      const booked = await repo.replace({ ...again!.value, remindersDone: ['7'] }, again!.etag);
      expect(revisionOf(booked.value)).toBe(first);
      expect(hashes).toHaveBeenCalledTimes(2);

      const renamed = await repo.replace({ ...booked.value, name: 'Renamed' }, booked.etag);
      const read = await repo.get(renamed.value.tenantId, renamed.value.id);
      expect(revisionOf(read!.value)).not.toBe(first); // read before its revision was ever asked for
      expect(revisionOf(renamed.value)).toBe(revisionOf(read!.value));
      expect(hashes).toHaveBeenCalledTimes(3);
    } finally {
      hashes.mockRestore();
      await store.close();
    }
  });
});
