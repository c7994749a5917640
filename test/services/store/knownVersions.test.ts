import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConflictError, NotFoundError } from '../../../services/errors';
import { OpportunityRepository } from '../../../services/opportunities/opportunityRepository';
import { OPPORTUNITIES } from '../../../services/store/collections';
import type { CollectionSpec } from '../../../services/store/documentStore';
import { KnownVersions } from '../../../services/store/knownVersions';
import { SqliteStore } from '../../../services/store/sqliteStore';
import { makeOpportunity } from '../../helpers/opportunities';
import { columnsOutOfStep, handleOf, recordStatements } from './sqliteLayout';

const dir = mkdtempSync(join(tmpdir(), 'cosell-known-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const Note = z.object({ id: z.string(), tenantId: z.string(), text: z.string().trim().min(1), tags: z.array(z.string()).default([]) });
type Note = z.infer<typeof Note>;
const NOTES: CollectionSpec<Note> = { name: 'notes', schema: Note, queryFields: [], indexes: [] };

describe('KnownVersions', () => {
  it('forgets the oldest version first once full, and keeps what it learnt of a version', () => {
    const known = new KnownVersions<string>(3);
    known.remember('a');
    known.remember('b', 'columns of b');
    known.remember('c');
    known.remember('b'); // already known: nothing moves, nothing is forgotten
    known.remember('d');
    expect(['a', 'b', 'c', 'd'].map((e) => known.has(e))).toEqual([false, true, true, true]);
    expect(known.detailOf('b')).toBe('columns of b');
    expect(known.detailOf('c')).toBeUndefined();
    expect(known.size).toBe(3);
  });
});

describe('SQLite reads of versions the store wrote', () => {
  it('skip the schema for what this store wrote or validated, and validate everything else', async () => {
    const path = join(dir, 'skip.db');
    const store = new SqliteStore(path);
    const other = new SqliteStore(path);
    const parse = jest.spyOn(Note, 'parse');
    try {
      const notes = store.collection(NOTES);
      expect(store.collection(NOTES)).toBe(notes); // one collection (one memory) per declaration

      const written = await notes.create({ id: 'n1', tenantId: 't', text: '  hello ', tags: [] });
      expect(parse).toHaveBeenCalledTimes(1); // the write
      expect(written.value.text).toBe('hello');
      expect((await notes.get('t', 'n1'))?.value).toEqual(written.value);
      expect((await notes.query({ tenantId: 't', pageSize: 5 })).items.map((i) => i.value)).toEqual([written.value]);
      expect(parse).toHaveBeenCalledTimes(1); // both reads trusted the version it wrote

      // Another process (another connection) writes a new version: validated once, then trusted.
      const theirs = await other.collection(NOTES).replace({ ...written.value, text: 'theirs' }, written.etag);
      parse.mockClear();
      expect((await notes.get('t', 'n1'))?.value.text).toBe('theirs');
      expect((await notes.get('t', 'n1'))?.etag).toBe(theirs.etag);
      expect(parse).toHaveBeenCalledTimes(1);

      // A row that does not pass the schema, at a version nobody validated, is refused as before.
      handleOf(other).prepare('UPDATE notes SET doc = ?, etag = ? WHERE id = ?').run(JSON.stringify({ id: 'n1', tenantId: 't', text: '' }), 'forged', 'n1');
      await expect(notes.get('t', 'n1')).rejects.toThrow();
    } finally {
      parse.mockRestore();
      await other.close();
      await store.close();
    }
  });

  it('keep a separate memory per declaration: a version one schema passed is checked by another', async () => {
    const store = new SqliteStore(join(dir, 'two-specs.db'));
    try {
      await store.collection(NOTES).create({ id: 'n1', tenantId: 't', text: 'short', tags: [] });
      const Strict = Note.extend({ text: z.string().min(10) });
      const strict: CollectionSpec<z.infer<typeof Strict>> = { ...NOTES, schema: Strict };
      await expect(store.collection(strict).get('t', 'n1')).rejects.toThrow();
    } finally {
      await store.close();
    }
  });
});

describe('SQLite replace of a version the store wrote', () => {
  it('takes the column values from its own write instead of reading them back, and still refuses a stale version', async () => {
    const path = join(dir, 'columns.db');
    const store = new SqliteStore(path);
    const other = new SqliteStore(path);
    try {
      const col = store.collection(OPPORTUNITIES);
      const db = handleOf(store);
      const statements = recordStatements(db);
      const o = makeOpportunity({ externalId: 'pc-9' });
      const v1 = await col.create(o);

      const v2 = await col.replace({ ...o, status: 'Active', substatus: 'Accepted' }, v1.etag);
      const readBack = statements.filter((sql) => /^SELECT etag, /.test(sql));
      expect(readBack).toEqual([]); // the column values of v1 were known: no SELECT before the UPDATE
      expect(columnsOutOfStep(db, OPPORTUNITIES as never)).toEqual([]);

      // Another process moves the row on (other column values): a replace from v2 is refused,
      // and the row keeps the other process's document and columns.
      const theirs = await other.collection(OPPORTUNITIES).replace({ ...v2.value, status: 'Closed', substatus: 'Won' }, v2.etag);
      await expect(col.replace({ ...v2.value, favorite: true }, v2.etag)).rejects.toBeInstanceOf(ConflictError);
      const now = await col.get(o.tenantId, o.id);
      expect(now?.etag).toBe(theirs.etag);
      expect(now?.value.substatus).toBe('Won');
      expect(columnsOutOfStep(db, OPPORTUNITIES as never)).toEqual([]);

      // A version read (not written) here has its columns read back before the UPDATE.
      const v4 = await col.replace({ ...now!.value, favorite: true }, now!.etag);
      expect(statements.filter((sql) => /^SELECT etag, /.test(sql))).toHaveLength(1);
      expect(columnsOutOfStep(db, OPPORTUNITIES as never)).toEqual([]);
      expect((await new OpportunityRepository(store).list(o.tenantId, { favorite: true })).items.map((i) => i.etag)).toEqual([v4.etag]);

      // Removed by the other process: not found, whatever was known of the version.
      await other.collection(OPPORTUNITIES).delete(o.tenantId, o.id);
      await expect(col.replace({ ...v4.value, name: 'Gone' }, v4.etag)).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      await other.close();
      await store.close();
    }
  });
});
