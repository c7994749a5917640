import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Opportunity } from '../../../services/opportunities/opportunity';
import { OpportunityRepository } from '../../../services/opportunities/opportunityRepository';
import { BOT_STATE, OPPORTUNITIES } from '../../../services/store/collections';
import type { BaseDocument, CollectionSpec, Query } from '../../../services/store/documentStore';
import { SqliteStore } from '../../../services/store/sqliteStore';
import { makeOpportunity } from '../../helpers/opportunities';
import { createOldLayout, oldLayoutAnswer } from '../../helpers/sqliteOldLayout';
import { columnsOutOfStep, handleOf, MIXED, type Mixed, storeAnswer } from './sqliteLayout';

/**
 * A database written by the store before field columns (documents + json_extract expression
 * indexes, e.g. a user's ./data/cosell.db) must open, be migrated, and answer every query as before.
 */

const dir = mkdtempSync(join(tmpdir(), 'cosell-sqlite-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const spec = (s: CollectionSpec<never>) => s as unknown as CollectionSpec<BaseDocument>;
type Shape = Omit<Query, 'pageSize' | 'continuation'>;

const TENANTS = ['tenant-a', 'tenant-b', 'tenant-c'];
const STATES = [
  { status: 'New', substatus: 'Received' },
  { status: 'Active', substatus: 'Accepted' },
  { status: 'Closed', substatus: 'Won' },
  { status: 'Closed', substatus: 'Declined' },
] as const;

/** Varied referrals: every indexed field takes several values, some are absent, some times tie. */
function opportunities(): Opportunity[] {
  return Array.from({ length: 90 }, (_, i) => {
    const o = makeOpportunity({
      tenantId: TENANTS[i % 3]!,
      direction: i % 4 === 0 ? 'Outgoing' : 'Incoming',
      ...STATES[i % STATES.length]!,
      favorite: i % 5 === 0,
      createdDateTime: `2026-10-${String(1 + (i % 17)).padStart(2, '0')}T0${i % 3}:00:00.000Z`,
      dueDateTime: i % 3 === 1 ? undefined : `2026-11-${String(1 + (i % 29)).padStart(2, '0')}T09:00:00.000Z`,
      externalId: i % 6 === 0 ? undefined : `pc-${i % 40}`,
    });
    return Opportunity.parse(o);
  });
}

const MIXED_VALUES: Array<Partial<Mixed>> = [
  { s: 'a', n: 1, b: true, x: 'a', list: [1, 'a'] },
  { s: 'b', n: 1.5, b: false, x: 2, list: [] },
  { s: 'B', n: -0, x: true, list: [null] },
  { n: 2 ** 53, b: true, x: 2 ** 60 },
  { x: null },
  { s: '10', n: 1e21, x: false },
  { s: '9', n: -3, b: false, x: 1.25 },
  { s: '', n: 0.1 },
  {},
];

function mixedDocs(): Mixed[] {
  return Array.from({ length: 24 }, (_, i) => ({ id: `m-${String(i).padStart(2, '0')}`, tenantId: TENANTS[i % 2]!, note: `n${i}`, ...MIXED_VALUES[i % MIXED_VALUES.length] }));
}

function opportunityQueries(): Shape[] {
  const shapes: Shape[] = [{ where: [{ field: 'dueDateTime', op: '<=', value: '2026-11-20T00:00:00.000Z' }], orderBy: { field: 'dueDateTime', direction: 'asc' } }];
  const newest = { field: 'createdDateTime', direction: 'desc' } as const;
  for (const tenantId of TENANTS) {
    shapes.push(
      { tenantId, orderBy: newest },
      { tenantId, where: [{ field: 'direction', op: '=', value: 'Incoming' }], orderBy: newest },
      { tenantId, where: [{ field: 'direction', op: '=', value: 'Incoming' }, { field: 'status', op: '=', value: 'Closed' }], orderBy: newest },
      { tenantId, where: [{ field: 'favorite', op: '=', value: true }], orderBy: newest },
      { tenantId, where: [{ field: 'favorite', op: '=', value: false }], orderBy: newest },
      { tenantId, where: [{ field: 'externalId', op: '=', value: 'pc-7' }] },
      { tenantId, where: [{ field: 'substatus', op: '=', value: 'Won' }] },
    );
  }
  return shapes;
}

function mixedQueries(): Shape[] {
  const shapes: Shape[] = [];
  for (const [field, value] of [['s', 'a'], ['s', '10'], ['n', 1], ['n', 0], ['b', true], ['x', 1], ['x', 'a'], ['list', '[]']] as const) {
    for (const op of ['=', '<', '>='] as const) {
      // x holds 2^60, which keyset paging cannot page over (see sqliteColumns.test.ts): ordered by id.
      shapes.push({ where: [{ field, op, value }], orderBy: { field: field === 'x' ? 'id' : field, direction: 'asc' } });
      shapes.push({ tenantId: 'tenant-a', where: [{ field, op, value }], orderBy: { field: 'id', direction: 'desc' } });
    }
  }
  return shapes;
}

/** Writes an old-layout database file: the tables, expression indexes and rows as the store wrote them. */
function writeOldDatabase(path: string, extra?: (db: Database.Database) => void) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  const load = <T extends BaseDocument>(s: CollectionSpec<T>, docs: T[]) => {
    createOldLayout(db, spec(s as CollectionSpec<never>));
    const insert = db.prepare(`INSERT INTO "${s.name}" (tenant_id, id, etag, doc) VALUES (?, ?, ?, ?)`);
    for (const d of docs) insert.run(d.tenantId, d.id, randomUUID(), JSON.stringify(d));
  };
  const opps = opportunities();
  const mixed = mixedDocs();
  load(OPPORTUNITIES, opps);
  load(MIXED, mixed);
  load(BOT_STATE, [{ id: 'k1', tenantId: 'k1', key: 'k1', state: { step: 2 } }]);
  extra?.(db);
  // What each query answered on the old layout, asked before anything is migrated.
  const before = {
    opportunities: opportunityQueries().map((q) => oldLayoutAnswer(db, 'opportunities', q)),
    mixed: mixedQueries().map((q) => oldLayoutAnswer(db, 'mixed', q)),
    etags: new Map((db.prepare('SELECT id, etag FROM "opportunities"').all() as Array<{ id: string; etag: string }>).map((r) => [r.id, r.etag])),
  };
  db.close();
  return { opps, mixed, before };
}

function indexesOf(db: Database.Database, table: string): Array<{ name: string; sql: string | null }> {
  return db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? ORDER BY name").all(table) as Array<{ name: string; sql: string | null }>;
}

describe('SQLite store on a database of the earlier layout', () => {
  it('migrates it on open, and every query answers as it did before', async () => {
    const path = join(dir, `old-${n++}.db`);
    const { opps, mixed, before } = writeOldDatabase(path);
    expect(before.opportunities.some((ids) => ids.length > 3)).toBe(true);

    const store = new SqliteStore(path);
    const col = store.collection(OPPORTUNITIES);
    const mixedCol = store.collection(MIXED);
    const db = handleOf(store);

    // The documents, versions and every query's answer (paged in small pages) are unchanged.
    const queries = opportunityQueries();
    for (let i = 0; i < queries.length; i++) {
      for (const pageSize of [1, 4, 1000]) expect(await storeAnswer(col, queries[i]!, pageSize)).toEqual(before.opportunities[i]);
    }
    const mq = mixedQueries();
    for (let i = 0; i < mq.length; i++) expect(await storeAnswer(mixedCol, mq[i]!, 3)).toEqual(before.mixed[i]);
    for (const o of opps) expect(await col.get(o.tenantId, o.id)).toEqual({ value: o, etag: before.etags.get(o.id) });
    for (const m of mixed) expect((await mixedCol.get(m.tenantId, m.id))?.value).toEqual(JSON.parse(JSON.stringify(m)));
    expect((await store.collection(BOT_STATE).get('k1', 'k1'))?.value.state).toEqual({ step: 2 });

    // The columns hold what json_extract gives; only the new indexes remain, none on json_extract.
    expect(columnsOutOfStep(db, spec(OPPORTUNITIES as CollectionSpec<never>))).toEqual([]);
    expect(columnsOutOfStep(db, spec(MIXED as CollectionSpec<never>))).toEqual([]);
    expect(indexesOf(db, 'opportunities').map((i) => i.name)).toEqual([
      'ixc_opportunities_createdDateTime',
      'ixc_opportunities_direction_createdDateTime',
      'ixc_opportunities_direction_status_createdDateTime',
      'ixc_opportunities_externalId',
      'ixc_opportunities_favorite_createdDateTime',
      'ixc_opportunities_gp_dueDateTime',
      'sqlite_autoindex_opportunities_1',
    ]);
    expect(indexesOf(db, 'mixed').map((i) => i.name)).toEqual(['ixc_mixed_gp_x', 'ixc_mixed_n_b', 'ixc_mixed_s', 'sqlite_autoindex_mixed_1']);
    expect(db.prepare("SELECT count(*) AS c FROM sqlite_master WHERE sql LIKE '%json_extract%'").get()).toEqual({ c: 0 });

    // A version read before the migration still writes, and the write is seen by the queries.
    const repo = new OpportunityRepository(store);
    const first = opps.find((o) => o.tenantId === 'tenant-a' && o.status === 'New')!;
    await col.replace({ ...first, status: 'Active', substatus: 'Accepted' }, before.etags.get(first.id)!);
    const active = await storeAnswer(col, { tenantId: 'tenant-a', where: [{ field: 'status', op: '=', value: 'Active' }] }, 50);
    expect(active).toContain(first.id);
    expect((await repo.list('tenant-a', { direction: first.direction, status: 'New', pageSize: 100 })).items.map((i) => i.value.id)).not.toContain(first.id);
    await store.close();

    // A second start finds the layout current and changes no schema.
    const version = (p: string) => {
      const raw = new Database(p);
      const v = raw.pragma('schema_version', { simple: true });
      raw.close();
      return v;
    };
    const migrated = version(path);
    const again = new SqliteStore(path);
    again.collection(OPPORTUNITIES);
    again.collection(MIXED);
    await again.close();
    expect(version(path)).toBe(migrated);
  });

  it('leaves the earlier layout untouched when the migration cannot finish', async () => {
    const path = join(dir, `old-${n++}.db`);
    // Something already holds the name of one of the new indexes, so creating it fails midway.
    writeOldDatabase(path, (db) => db.exec('CREATE TABLE "ixc_opportunities_externalId" (x)'));
    const layout = () => {
      const raw = new Database(path);
      const result = {
        columns: (raw.prepare("SELECT name FROM pragma_table_info('opportunities')").all() as Array<{ name: string }>).map((c) => c.name),
        indexes: indexesOf(raw, 'opportunities'),
      };
      raw.close();
      return result;
    };
    const old = layout();

    const store = new SqliteStore(path);
    expect(() => store.collection(OPPORTUNITIES)).toThrow(/already a table named/);
    await store.close();
    expect(layout()).toEqual(old);
    expect(old.columns).toEqual(['tenant_id', 'id', 'etag', 'doc']);
    expect(old.indexes.filter((i) => i.sql?.includes('json_extract'))).toHaveLength(6);
  });
});
