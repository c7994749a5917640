import { ConflictError, NotFoundError } from '../../../services/errors';
import { OpportunityRepository } from '../../../services/opportunities/opportunityRepository';
import type { DocumentStore } from '../../../services/store/documentStore';
import { OPPORTUNITIES } from '../../../services/store/collections';
import { withRevision } from '../../../services/opportunities/revision';
import { makeOpportunity } from '../../helpers/opportunities';

export interface StoreFixture {
  /** A fresh, empty, initialised store. */
  open(): Promise<DocumentStore>;
}

/**
 * The one contract every Store backend passes. Run it with `describeStoreContract('SQLite', …)` and
 * `describeStoreContract('Cosmos DB', …)`.
 */
export function describeStoreContract(backend: string, fixture: StoreFixture): void {
  describe(`Store contract on ${backend}`, () => {
    let store: DocumentStore;
    let repo: OpportunityRepository;

    beforeEach(async () => {
      store = await fixture.open();
      repo = new OpportunityRepository(store);
    });
    afterEach(async () => {
      await store.close();
    });

    it('creates and reads back an opportunity with an ETag', async () => {
      const o = makeOpportunity();
      const created = await repo.create(o);
      expect(created.etag).toBeTruthy();
      const read = await repo.get(o.tenantId, o.id);
      // As written, plus the revision the store adds to an opportunity.
      expect(read?.value).toEqual(withRevision(o));
      expect(read?.etag).toBe(created.etag);
    });

    it('refuses to create the same id twice with ConflictError', async () => {
      const o = makeOpportunity();
      await repo.create(o);
      await expect(repo.create({ ...o, name: 'Other' })).rejects.toBeInstanceOf(ConflictError);
      expect((await repo.get(o.tenantId, o.id))?.value.name).toBe(o.name);
    });

    it('replaces with the current ETag and refuses a stale one', async () => {
      const o = makeOpportunity();
      const v1 = await repo.create(o);
      const v2 = await repo.replace({ ...o, name: 'Renamed' }, v1.etag);
      expect(v2.etag).not.toBe(v1.etag);
      await expect(repo.replace({ ...o, name: 'Stale write' }, v1.etag)).rejects.toBeInstanceOf(ConflictError);
      expect((await repo.get(o.tenantId, o.id))?.value.name).toBe('Renamed');
    });

    it('answers NotFoundError when replacing a record that does not exist', async () => {
      const o = makeOpportunity();
      const v1 = await repo.create(o);
      await expect(repo.replace({ ...o, id: 'missing' }, v1.etag)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('lets exactly one of 50 concurrent conditional updates win', async () => {
      const o = makeOpportunity();
      const v1 = await repo.create(o);
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) => repo.replace({ ...o, name: `Writer ${i}` }, v1.etag)),
      );
      const winners = results.filter((r) => r.status === 'fulfilled');
      const losers = results.filter((r) => r.status === 'rejected');
      expect(winners).toHaveLength(1);
      expect(losers.every((r) => r.status === 'rejected' && r.reason instanceof ConflictError)).toBe(true);
      const stored = await repo.get(o.tenantId, o.id);
      const winner = winners[0];
      expect(winner?.status === 'fulfilled' && stored?.value.name === winner.value.value.name).toBe(true);
    });

    it('never shows one tenant the records of another', async () => {
      const mine = makeOpportunity({ tenantId: 'tenant-a' });
      const theirs = makeOpportunity({ tenantId: 'tenant-b' });
      await repo.create(mine);
      await repo.create(theirs);
      expect(await repo.get('tenant-b', mine.id)).toBeUndefined();
      const page = await repo.list('tenant-b', { pageSize: 50 });
      expect(page.items.map((i) => i.value.id)).toEqual([theirs.id]);
    });

    it('lists newest first, filtered, one page at a time with continuation tokens', async () => {
      const made = [];
      for (let i = 0; i < 23; i++) {
        const day = String(1 + (i % 28)).padStart(2, '0');
        const hour = String(i % 24).padStart(2, '0');
        made.push(
          makeOpportunity({
            direction: i % 3 === 0 ? 'Outgoing' : 'Incoming',
            favorite: i % 4 === 0,
            createdDateTime: `2026-10-${day}T${hour}:00:00.000Z`,
          }),
        );
      }
      // Two records created at the same instant still page without loss or repetition.
      made.push(makeOpportunity({ direction: 'Incoming', createdDateTime: made[1]!.createdDateTime }));
      for (const o of made) await repo.create(o);

      const seen: string[] = [];
      let continuation: string | undefined;
      let pages = 0;
      do {
        const page = await repo.list('tenant-a', { direction: 'Incoming', pageSize: 4, continuation });
        expect(page.items.length).toBeLessThanOrEqual(4);
        seen.push(...page.items.map((i) => i.value.id));
        continuation = page.continuation;
        pages++;
      } while (continuation && pages < 20);

      const expected = made
        .filter((o) => o.direction === 'Incoming')
        .sort((a, b) => b.createdDateTime.localeCompare(a.createdDateTime));
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.sort()).toEqual(expected.map((o) => o.id).sort());
      const dates = [];
      for (const id of seen) dates.push(made.find((m) => m.id === id)!.createdDateTime);

      const favorites = await repo.list('tenant-a', { favorite: true, pageSize: 100 });
      expect(favorites.items.map((i) => i.value.id).sort()).toEqual(made.filter((o) => o.favorite).map((o) => o.id).sort());
      const times = favorites.items.map((i) => i.value.createdDateTime);
      expect(times).toEqual([...times].sort().reverse());
    });

    it('finds due records across tenants by due time, earliest first', async () => {
      // The repository derives the due time from the document: here, when each referral expires.
      const due1 = makeOpportunity({ tenantId: 'tenant-a', expirationDateTime: '2026-11-10T00:00:00.000Z' });
      const due2 = makeOpportunity({ tenantId: 'tenant-b', expirationDateTime: '2026-11-05T00:00:00.000Z' });
      const later = makeOpportunity({ tenantId: 'tenant-b', expirationDateTime: '2026-12-30T00:00:00.000Z' });
      const never = makeOpportunity({ tenantId: 'tenant-a', status: 'Closed', substatus: 'Won', dueDateTime: '2026-11-01T00:00:00.000Z' });
      for (const o of [due1, due2, later, never]) await repo.create(o);
      const page = await repo.listDue(new Date('2026-11-20T00:00:00.000Z'), 10);
      expect(page.items.map((i) => i.value.id)).toEqual([due2.id, due1.id]);
    });

    it('answers queries on the values a replace wrote, and a refused replace changes nothing', async () => {
      const col = store.collection(OPPORTUNITIES);
      const o = makeOpportunity({ externalId: 'pc-move' });
      const v1 = await col.create(o);
      const accepted = { ...o, status: 'Active' as const, substatus: 'Accepted' as const, favorite: true, dueDateTime: '2026-12-01T09:00:00.000Z' };
      const v2 = await col.replace(accepted, v1.etag);
      await expect(col.replace({ ...o, status: 'Closed', substatus: 'Lost', externalId: 'pc-other' }, v1.etag)).rejects.toBeInstanceOf(ConflictError);

      const ids = async (options: Parameters<OpportunityRepository['list']>[1]) => (await repo.list('tenant-a', options)).items.map((i) => i.value.id);
      expect(await ids({ status: 'Active', pageSize: 10 })).toEqual([o.id]);
      expect(await ids({ status: 'New', pageSize: 10 })).toEqual([]);
      expect(await ids({ status: 'Closed', pageSize: 10 })).toEqual([]);
      expect(await ids({ favorite: true, pageSize: 10 })).toEqual([o.id]);
      expect((await repo.findByExternalId('tenant-a', 'pc-move'))?.etag).toBe(v2.etag);
      expect(await repo.findByExternalId('tenant-a', 'pc-other')).toBeUndefined();
      const due = await col.query({ where: [{ field: 'dueDateTime', op: '<=', value: '2026-12-01T09:00:00.000Z' }], orderBy: { field: 'dueDateTime', direction: 'asc' }, pageSize: 10 });
      expect(due.items.map((i) => i.value.id)).toEqual([o.id]);
      expect(await col.get(o.tenantId, o.id)).toEqual({ value: withRevision(accepted), etag: v2.etag });
    });

    it('finds a referral by its external id within the tenant only', async () => {
      const o = makeOpportunity({ externalId: 'pc-ref-42' });
      await repo.create(o);
      expect((await repo.findByExternalId('tenant-a', 'pc-ref-42'))?.value.id).toBe(o.id);
      expect(await repo.findByExternalId('tenant-b', 'pc-ref-42')).toBeUndefined();
    });

    it('rejects an invalid document and stores nothing', async () => {
      const bad = makeOpportunity({ details: { ...makeOpportunity().details, currency: 'dollars' } });
      await expect(repo.create(bad)).rejects.toThrow();
      expect(await repo.get(bad.tenantId, bad.id)).toBeUndefined();
    });

    it('deletes only the version it was given', async () => {
      const col = store.collection(OPPORTUNITIES);
      const o = makeOpportunity();
      const v1 = await col.create(o);
      const v2 = await col.replace({ ...o, name: 'v2' }, v1.etag);
      await expect(col.delete(o.tenantId, o.id, v1.etag)).rejects.toBeInstanceOf(ConflictError);
      expect(await col.delete(o.tenantId, o.id, v2.etag)).toBe(true);
      expect(await col.delete(o.tenantId, o.id)).toBe(false);
    });

    it('upserts without an ETag', async () => {
      const col = store.collection(OPPORTUNITIES);
      const o = makeOpportunity();
      await col.upsert(o);
      await col.upsert({ ...o, name: 'Upserted' });
      expect((await col.get(o.tenantId, o.id))?.value.name).toBe('Upserted');
    });

    it('answers ping when reachable', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
