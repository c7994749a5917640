import { ManualClock } from '../../../services/clock';
import { LeaseManager } from '../../../services/jobs/lease';
import { SqliteStore } from '../../../services/store/sqliteStore';

describe('the sweep lease', () => {
  let store: SqliteStore;
  let clock: ManualClock;
  let leases: LeaseManager;
  beforeEach(() => {
    store = new SqliteStore(':memory:');
    clock = new ManualClock('2026-11-21T10:00:00Z');
    leases = new LeaseManager(store, clock);
  });
  afterEach(() => store.close());

  it('is held by one instance at a time, even when they race', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => leases.acquire('sweep', `instance-${i}`, 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('can be renewed by its holder and taken over only after it runs out', async () => {
    expect(await leases.acquire('sweep', 'a', 60_000)).toBe(true);
    expect(await leases.acquire('sweep', 'b', 60_000)).toBe(false);
    expect(await leases.acquire('sweep', 'a', 60_000)).toBe(true);
    clock.advance(61_000);
    expect(await leases.acquire('sweep', 'b', 60_000)).toBe(true);
    expect(await leases.acquire('sweep', 'a', 60_000)).toBe(false);
  });

  it('can be released early by its holder only', async () => {
    await leases.acquire('sweep', 'a', 60_000);
    await leases.release('sweep', 'b');
    expect(await leases.acquire('sweep', 'b', 60_000)).toBe(false);
    await leases.release('sweep', 'a');
    expect(await leases.acquire('sweep', 'b', 60_000)).toBe(true);
  });
});
