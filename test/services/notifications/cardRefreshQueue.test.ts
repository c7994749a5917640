import { ManualClock } from '../../../services/clock';
import { ConflictError } from '../../../services/errors';
import { CardRefreshQueue } from '../../../services/notifications/cardRefreshQueue';
import { OpportunityRepository } from '../../../services/opportunities/opportunityRepository';
import { SqliteStore } from '../../../services/store/sqliteStore';
import { makeOpportunity } from '../../helpers/opportunities';

describe('a redraw of posted cards left to the sweeper', () => {
  let store: SqliteStore;
  let repo: OpportunityRepository;
  let queue: CardRefreshQueue;
  const clock = new ManualClock('2026-11-05T09:00:00.000Z');

  beforeEach(async () => {
    store = new SqliteStore(':memory:');
    repo = new OpportunityRepository(store);
    queue = new CardRefreshQueue(repo, clock);
  });
  afterEach(() => store.close());

  it('is queued once, due now, however often it is asked for', async () => {
    const o = await repo.create(makeOpportunity({ id: 'opp-1', tenantId: 't1' }));
    expect(await queue.queue('t1', 'opp-1')).toBe(true);
    expect(await queue.queue('t1', 'opp-1')).toBe(true);
    const after = (await repo.get('t1', 'opp-1'))!;
    expect(after.value.outbox).toEqual([{ id: 'opp-1:cards:2026-11-05T09:00:00.000Z', kind: 'teams-cards', createdAt: '2026-11-05T09:00:00.000Z' }]);
    expect(after.value.dueDateTime).toBe('2026-11-05T09:00:00.000Z');
    // Nothing else of the opportunity changed.
    expect({ ...after.value, outbox: [], dueDateTime: undefined, revision: undefined }).toEqual({ ...o.value, outbox: [], dueDateTime: undefined, revision: undefined });
  });

  it('is written over a change someone made meanwhile, and not for an opportunity that is gone', async () => {
    await repo.create(makeOpportunity({ id: 'opp-2', tenantId: 't1' }));
    const replace = jest.spyOn(repo, 'replace').mockRejectedValueOnce(new ConflictError('changed meanwhile'));
    expect(await queue.queue('t1', 'opp-2')).toBe(true);
    expect(replace).toHaveBeenCalledTimes(2);
    expect((await repo.get('t1', 'opp-2'))!.value.outbox.map((e) => e.kind)).toEqual(['teams-cards']);
    expect(await queue.queue('t1', 'nobody')).toBe(false);
  });

  it('gives up, writing nothing, when the opportunity keeps changing', async () => {
    await repo.create(makeOpportunity({ id: 'opp-3', tenantId: 't1' }));
    jest.spyOn(repo, 'replace').mockRejectedValue(new ConflictError('changed meanwhile'));
    expect(await queue.queue('t1', 'opp-3')).toBe(false);
    jest.restoreAllMocks();
    expect((await repo.get('t1', 'opp-3'))!.value.outbox).toEqual([]);
  });
});
