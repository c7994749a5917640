import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { OpportunityRepository } from '../../../services/opportunities/opportunityRepository';
import { OPPORTUNITIES } from '../../../services/store/collections';
import { SqliteStore } from '../../../services/store/sqliteStore';
import { makeOpportunity } from '../../helpers/opportunities';

const dir = mkdtempSync(join(tmpdir(), 'cosell-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

describe('SQLite documents on the store’s own thread', () => {
  it('answers a write once it is committed: another connection reads it at once', async () => {
    const path = join(dir, `committed-${n++}.db`);
    const store = new SqliteStore(path, { thread: 'own' });
    const repo = new OpportunityRepository(store);
    await repo.create(makeOpportunity({ id: 'opp-1', tenantId: 't1', name: 'Seen elsewhere' }));
    const other = new Database(path, { readonly: true });
    expect((other.prepare(`SELECT json_extract(doc, '$.name') AS name FROM opportunities WHERE id = 'opp-1'`).get() as { name: string }).name).toBe('Seen elsewhere');
    other.close();
    await store.close();
  });

  it('runs operations in the order asked, and close answers everything asked before it', async () => {
    const store = new SqliteStore(join(dir, `order-${n++}.db`), { thread: 'own' });
    const repo = new OpportunityRepository(store);
    // All asked at once: each read is answered after the write asked before it, and close after all.
    const ids = Array.from({ length: 20 }, (_, i) => `opp-${i}`);
    const writes = ids.map((id) => repo.create(makeOpportunity({ id, tenantId: 't1' })));
    const reads = ids.map((id) => repo.get('t1', id));
    const closing = store.close();
    expect((await Promise.all(reads)).map((v) => v?.value.id)).toEqual(ids);
    expect(await Promise.all(writes)).toHaveLength(20);
    await closing;
    await expect(repo.get('t1', 'opp-1')).rejects.toThrow(/stopped/);
    await expect(store.ping()).rejects.toThrow();
  });

  it('a statement that fails there fails only its own call, with SQLite’s message', async () => {
    const store = new SqliteStore(join(dir, `failure-${n++}.db`), { thread: 'own' });
    const opportunities = store.collection(OPPORTUNITIES);
    // A query on a field that has no column would be refused before SQL; an impossible table is not.
    const broken = store.collection({ ...OPPORTUNITIES, name: 'missing' });
    (store as unknown as { db: Database.Database }).db.exec('DROP TABLE "missing"');
    await expect(broken.get('t1', 'x')).rejects.toThrow(/no such table/);
    await opportunities.create(makeOpportunity({ id: 'opp-2', tenantId: 't1' }));
    expect((await opportunities.get('t1', 'opp-2'))?.value.id).toBe('opp-2');
    await store.ping();
    await store.close();
  });

  it('keeps a process alive while a call waits for the thread, and lets it end once the store is closed', () => {
    const path = join(dir, `alive-${n++}.db`);
    const script = `
      const { SqliteStore } = require('./services/store/sqliteStore');
      const { OpportunityRepository } = require('./services/opportunities/opportunityRepository');
      const { makeOpportunity } = require('./test/helpers/opportunities');
      (async () => {
        const store = new SqliteStore(${JSON.stringify(path)}, { thread: 'own' });
        const repo = new OpportunityRepository(store);
        await new Promise((r) => setTimeout(r, 300)); // the thread is up and idle
        await repo.create(makeOpportunity({ id: 'opp-1', tenantId: 't1' }));
        const read = await repo.get('t1', 'opp-1');
        await store.close();
        process.stdout.write(read ? 'read ' + read.value.id : 'nothing');
      })();
    `;
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: join(__dirname, '..', '..', '..'), encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.stdout).toBe('read opp-1');
    expect(run.status).toBe(0);
  });
});
