import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpportunityRepository } from '../../../services/opportunities/opportunityRepository';
import { SqliteStore } from '../../../services/store/sqliteStore';
import { makeOpportunity } from '../../helpers/opportunities';
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

describe('SQLite store', () => {
  it('keeps opportunities across a restart (close and reopen the file)', async () => {
    const path = join(dir, 'restart.db');
    const first = new SqliteStore(path);
    const o = makeOpportunity();
    await new OpportunityRepository(first).create(o);
    await first.close();
    const second = new SqliteStore(path);
    expect((await new OpportunityRepository(second).get(o.tenantId, o.id))?.value).toEqual(o);
    await second.close();
  });

  it('answers the due query from the due-time index, not a scan', async () => {
    const store = new SqliteStore(':memory:');
    new OpportunityRepository(store);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const db = (store as any).db as import('better-sqlite3').Database;
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM "opportunities" WHERE json_extract(doc, '$.dueDateTime') <= ? ORDER BY json_extract(doc, '$.dueDateTime') ASC, id ASC LIMIT 10`,
      )
      .all('2026-11-20T00:00:00.000Z') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX ix_opportunities_g_dueDateTime/);
    await store.close();
  });
});
