import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictError, NotFoundError } from '../../../services/errors';
import { OpportunityRepository } from '../../../services/opportunities/opportunityRepository';
import { OPPORTUNITIES } from '../../../services/store/collections';
import { withRevision } from '../../../services/opportunities/revision';
import { SqliteStore } from '../../../services/store/sqliteStore';
import { makeOpportunity } from '../../helpers/opportunities';
import { handleOf, planOf, recordStatements } from './sqliteLayout';
import { describeStoreContract } from './storeContract';

const dir = mkdtempSync(join(tmpdir(), 'cosell-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

describeStoreContract('SQLite', {
  async open() {
    const store = new SqliteStore(join(dir, `contract-${n++}.db`));
    await store.init();
    return store;
  },
});

// As the bot runs it: documents read and written on the store's own thread.
describeStoreContract('SQLite on its own thread', {
  async open() {
    const store = new SqliteStore(join(dir, `contract-${n++}.db`), { thread: 'own' });
    await store.init();
    return store;
  },
});

/**
 * Logs, per write, which field columns an UPDATE names in its SET clause: SQLite fires an
 * "UPDATE OF column" trigger exactly then, and maintains an index exactly when one of its columns
 * is set. Returns a function that gives (and clears) the columns set since it was last called.
 */
function watchFieldColumns(db: Database.Database, table: string, columns: string[]): () => string[] {
  db.exec('CREATE TEMP TABLE columns_set (col TEXT)');
  for (const c of columns) {
    db.exec(`CREATE TEMP TRIGGER "watch_${c}" AFTER UPDATE OF "${c}" ON main."${table}" BEGIN INSERT INTO columns_set VALUES ('${c}'); END`);
  }
  return () => {
    const set = (db.prepare('SELECT col FROM columns_set').all() as Array<{ col: string }>).map((r) => r.col);
    db.exec('DELETE FROM columns_set');
    return set;
  };
}

describe('SQLite store', () => {
  it('keeps opportunities across a restart (close and reopen the file)', async () => {
    const path = join(dir, 'restart.db');
    const first = new SqliteStore(path);
    const o = makeOpportunity();
    await new OpportunityRepository(first).create(o);
    await first.close();
    const second = new SqliteStore(path);
    expect((await new OpportunityRepository(second).get(o.tenantId, o.id))?.value).toEqual(withRevision(o));
    await second.close();
  });

  it('indexes only what can come due: answering a referral removes it from the due index; the earlier full index is replaced', async () => {
    const path = join(dir, 'due-index.db');
    const first = new SqliteStore(path);
    const db1 = handleOf(first);
    const repo1 = new OpportunityRepository(first);
    const due = makeOpportunity({ dueDateTime: '2026-12-01T09:00:00.000Z' });
    await repo1.create(due);
    await repo1.create(makeOpportunity({ status: 'Active', substatus: 'Accepted', dueDateTime: undefined }));
    // The layout before: one entry per row, answered or not.
    db1.exec('DROP INDEX "ixc_opportunities_gp_dueDateTime"; CREATE INDEX "ixc_opportunities_g_dueDateTime" ON "opportunities" ("f_dueDateTime")');
    await first.close();

    const second = new SqliteStore(path);
    const repo = new OpportunityRepository(second);
    expect((await repo.listDue(new Date('2026-12-02T00:00:00.000Z'), 10)).items.map((v) => v.value.id)).toEqual([due.id]);
    const db = handleOf(second);
    const dueIndexes = db.prepare("SELECT name FROM pragma_index_list('opportunities') WHERE name LIKE '%dueDateTime'").all();
    expect(dueIndexes).toEqual([{ name: 'ixc_opportunities_gp_dueDateTime' }]);
    const entries = () => (db.prepare('SELECT count(*) AS n FROM "opportunities" INDEXED BY "ixc_opportunities_gp_dueDateTime" WHERE "f_dueDateTime" IS NOT NULL').get() as { n: number }).n;
    expect(entries()).toBe(1);
    const stored = (await repo.get(due.tenantId, due.id))!;
    await repo.replace({ ...stored.value, status: 'Active', substatus: 'Accepted', dueDateTime: undefined }, stored.etag);
    expect(entries()).toBe(0);
    await second.close();
  });

  it('answers each repository query, the due query among them, from its index on the field columns', async () => {
    const store = new SqliteStore(':memory:');
    const db = handleOf(store);
    const repo = new OpportunityRepository(store);
    await repo.create(makeOpportunity({ externalId: 'pc-1' }));
    const cases: Array<[string, () => Promise<unknown>, RegExp]> = [
      ['due', () => repo.listDue(new Date('2026-11-20T00:00:00.000Z'), 10), /^SEARCH opportunities USING INDEX ixc_opportunities_gp_dueDateTime \(f_dueDateTime<\?\)/],
      ['all', () => repo.list('tenant-a'), /^SEARCH opportunities USING INDEX ixc_opportunities_createdDateTime \(tenant_id=\?\)(?!.*TEMP B-TREE FOR ORDER BY)/],
      ['direction', () => repo.list('tenant-a', { direction: 'Incoming' }), /^SEARCH opportunities USING INDEX ixc_opportunities_direction_createdDateTime \(tenant_id=\? AND f_direction=\?\)/],
      ['status', () => repo.list('tenant-a', { direction: 'Incoming', status: 'New' }), /^SEARCH opportunities USING INDEX ixc_opportunities_direction_status_createdDateTime \(tenant_id=\? AND f_direction=\? AND f_status=\?\)/],
      ['favorite', () => repo.list('tenant-a', { favorite: true }), /^SEARCH opportunities USING INDEX ixc_opportunities_favorite_createdDateTime \(tenant_id=\? AND f_favorite=\?\)/],
      ['externalId', () => repo.findByExternalId('tenant-a', 'pc-1'), /^SEARCH opportunities USING INDEX ixc_opportunities_externalId \(tenant_id=\? AND f_externalId=\?\)/],
    ];
    for (const [, run, expected] of cases) {
      const statements = recordStatements(db);
      await run();
      const sql = statements.find((s) => s.startsWith('SELECT id, doc'))!;
      const params = Array.from(sql.matchAll(/\?/g), () => 'x');
      expect(planOf(db, sql, params)).toMatch(expected);
    }
    await store.close();
  });

  it('rewrites only the field columns whose values changed, on replace and on upsert', async () => {
    const store = new SqliteStore(':memory:');
    const col = store.collection(OPPORTUNITIES);
    const set = watchFieldColumns(handleOf(store), 'opportunities', OPPORTUNITIES.queryFields.map((f) => `f_${f}`));
    const o = makeOpportunity({ externalId: 'pc-7' });
    const v1 = await col.create(o);

    const v2 = await col.replace({ ...o, name: 'Renamed' }, v1.etag);
    expect(set()).toEqual([]);
    const accepted = { ...o, name: 'Renamed', status: 'Active' as const, substatus: 'Accepted' as const, dueDateTime: '2026-12-01T09:00:00.000Z' };
    await col.replace(accepted, v2.etag);
    expect(set().sort()).toEqual(['f_dueDateTime', 'f_status', 'f_substatus']);
    await col.upsert({ ...accepted, favorite: true });
    expect(set()).toEqual(['f_favorite']);
    await col.upsert({ ...accepted, favorite: true, name: 'Again' });
    expect(set()).toEqual([]);
    const { dueDateTime: _gone, ...withoutDue } = accepted;
    await col.upsert({ ...withoutDue, favorite: true, name: 'Again' });
    expect(set()).toEqual(['f_dueDateTime']);

    // The columns followed the document: the queries see the new values and not the old.
    const repo = new OpportunityRepository(store);
    expect((await repo.list('tenant-a', { direction: 'Incoming', status: 'Active' })).items.map((i) => i.value.name)).toEqual(['Again']);
    expect((await repo.list('tenant-a', { direction: 'Incoming', status: 'New' })).items).toEqual([]);
    expect((await repo.list('tenant-a', { favorite: true })).items).toHaveLength(1);
    expect((await col.query({ where: [{ field: 'dueDateTime', op: '<=', value: '2099-01-01T00:00:00.000Z' }], pageSize: 10 })).items).toEqual([]);
    expect((await repo.findByExternalId('tenant-a', 'pc-7'))?.value.name).toBe('Again');
    await store.close();
  });

  it('leaves the row exactly as it was when a replace fails (stale ETag, or not found)', async () => {
    const store = new SqliteStore(':memory:');
    const db = handleOf(store);
    const col = store.collection(OPPORTUNITIES);
    const o = makeOpportunity();
    const v1 = await col.create(o);
    const v2 = await col.replace({ ...o, name: 'Second' }, v1.etag);
    const rows = () => db.prepare('SELECT * FROM "opportunities" ORDER BY id').all();
    const before = rows();

    const changed = { ...o, status: 'Active' as const, substatus: 'Accepted' as const, favorite: true, dueDateTime: undefined, name: 'Lost' };
    await expect(col.replace(changed, v1.etag)).rejects.toBeInstanceOf(ConflictError);
    await expect(col.replace({ ...changed, id: 'gone' }, v2.etag)).rejects.toBeInstanceOf(NotFoundError);
    expect(rows()).toEqual(before);
    expect(await col.get(o.tenantId, o.id)).toEqual({ value: withRevision({ ...o, name: 'Second' }), etag: v2.etag });
    await store.close();
  });
});
