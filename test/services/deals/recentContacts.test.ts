import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../services/clock';
import { RECENT_CONTACTS_KEPT, RecentContacts } from '../../../services/deals/recentContacts';
import { SqliteStore } from '../../../services/store/sqliteStore';

const person = (n: number) => ({ name: `Person ${n}`, phoneNumber: '+1 425 555 0100', email: `p${n}@partner.example` });

describe('RecentContacts', () => {
  let dir: string;
  let store: SqliteStore;
  let recent: RecentContacts;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cosell-recent-'));
    store = new SqliteStore(join(dir, 'db.sqlite'));
    await store.init();
    recent = new RecentContacts(store, new ManualClock('2026-11-21T10:00:00Z'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('puts the latest deal\'s people first, without repeating anyone (same email, any case)', async () => {
    await recent.remember('t', 'user/1?#', [person(1), person(2)]);
    await recent.remember('t', 'user/1?#', [{ ...person(2), email: 'P2@partner.example', name: 'Person Two' }, person(3)]);
    expect((await recent.list('t', 'user/1?#')).map((p) => p.name)).toEqual(['Person Two', 'Person 3', 'Person 1']);
  });

  it('keeps only the newest few, per person and per tenant', async () => {
    for (let i = 1; i <= 15; i++) await recent.remember('t', 'u', [person(i)]);
    const kept = await recent.list('t', 'u');
    expect(kept).toHaveLength(RECENT_CONTACTS_KEPT);
    expect(kept[0]?.name).toBe('Person 15');
    expect(await recent.list('t', 'someone-else')).toEqual([]);
    expect(await recent.list('other-tenant', 'u')).toEqual([]);
  });
});
