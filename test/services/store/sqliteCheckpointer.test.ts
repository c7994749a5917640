import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpportunityRepository } from '../../../services/opportunities/opportunityRepository';
import { SqliteStore } from '../../../services/store/sqliteStore';
import { makeOpportunity } from '../../helpers/opportunities';

const dir = mkdtempSync(join(tmpdir(), 'cosell-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sizeOf = (path: string) => statSync(path).size;

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!condition()) throw new Error(`still not: ${what}`);
}

describe('SQLite log checkpoints', () => {
  it('are done by the worker thread: the database file takes the writes while the writer goes on', async () => {
    const path = join(dir, 'worker.db');
    const store = new SqliteStore(path, { checkpointIntervalMs: 50 });
    const repo = new OpportunityRepository(store);
    const before = sizeOf(path);
    // ~3 MB of documents: far below the writer's own safety checkpoint (64 MB of log), so only the
    // worker can have copied them into the database file.
    for (let i = 0; i < 1500; i++) await repo.create(makeOpportunity({ id: `opp-${i}`, tenantId: 't1', name: `Deal ${i} ${'x'.repeat(150)}` }));
    await until(() => sizeOf(path) > before + 2_000_000, 'the database file grew by the documents written');
    await store.close();

    const again = new SqliteStore(path);
    const reopened = new OpportunityRepository(again);
    expect((await reopened.get('t1', 'opp-1499'))?.value.name).toMatch(/^Deal 1499 /);
    await again.close();
  });

  it('stop with the store: close ends the thread and everything written is in the file', async () => {
    const path = join(dir, 'close.db');
    const store = new SqliteStore(path, { checkpointIntervalMs: 60_000 });
    const repo = new OpportunityRepository(store);
    for (let i = 0; i < 50; i++) await repo.create(makeOpportunity({ id: `opp-${i}`, tenantId: 't1' }));
    await store.close();
    await store.close(); // a second close is harmless
    // The last connection's close folds the log into the file and removes it.
    expect(() => statSync(`${path}-wal`)).toThrow();
    const again = new SqliteStore(path);
    expect(await new OpportunityRepository(again).get('t1', 'opp-49')).toBeDefined();
    await again.close();
  });
});

describe('closing the store as the last thing a process does', () => {
  it('waits for the checkpoint thread, so the process goes on after close and the log is in the file', () => {
    const path = join(dir, 'last.db');
    const script = `
      const { SqliteStore } = require('./services/store/sqliteStore');
      const { OpportunityRepository } = require('./services/opportunities/opportunityRepository');
      const { makeOpportunity } = require('./test/helpers/opportunities');
      (async () => {
        const store = new SqliteStore(${JSON.stringify(path)}, { checkpointIntervalMs: 60000 });
        await new OpportunityRepository(store).create(makeOpportunity({ id: 'opp-1', tenantId: 't1' }));
        await new Promise((r) => setTimeout(r, 300)); // the thread is up and idle
        await store.close();
        process.stdout.write('closed');
      })();
    `;
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: join(__dirname, '..', '..', '..'), encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.stdout).toBe('closed');
    // The last connection to close folds the log into the file and removes it.
    expect(existsSync(`${path}-wal`) ? sizeOf(`${path}-wal`) : 0).toBe(0);
  });
});
