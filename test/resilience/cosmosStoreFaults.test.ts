import { createHttpServer } from '@vercel/cosmosdb-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { ConflictError } from '../../services/errors';
import { CosmosStore } from '../../services/store/cosmosStore';
import type { Collection, CollectionSpec } from '../../services/store/documentStore';
import type { RetryPolicy } from '../../services/store/transientRetry';
import { EMULATOR_KEY } from '../helpers/cosmosServer';
import { FaultProxy, NO_FAULTS, seededRandom, type CosmosOperation, type FaultRates } from '../helpers/faultProxy';
import { fuzzRuns, fuzzTimeout } from '../helpers/fuzz';

/**
 * The Cosmos DB store behind a proxy that throttles (429), refuses (503) and cuts connections
 * before or after the server applied a request. Creates, conditional replaces and paged queries
 * must all end as if nothing had gone wrong: nothing lost, nothing done twice.
 */

const Probe = z.object({ id: z.string(), tenantId: z.string(), n: z.number().int(), group: z.number().int(), marks: z.array(z.string()) });
type Probe = z.infer<typeof Probe>;
const PROBES: CollectionSpec<Probe> = { name: 'faultProbes', schema: Probe, queryFields: ['n', 'group'], indexes: [['group', 'n']] };

const TENANT = 'tenant-faults';
/**
 * Short waits: the faults are many, and the retry logic is what is tested, not the clock. Enough
 * attempts that ROUGH's 28% of failed requests cannot plausibly fail one operation every time: with
 * 8, about 0.28^8 ≈ 4e-5 per operation, so one run in thirty lost an operation of its ~800 to chance
 * (seen in CI); with 12, ≈ 5e-7, about one run in three thousand.
 */
const FAST_RETRY: RetryPolicy = { attempts: 12, baseDelayMs: 2, maxDelayMs: 40, maxElapsedMs: 60_000 };
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const ROUGH: FaultRates = { throttle: 0.1, unavailable: 0.08, dropBefore: 0.04, dropAfter: 0.06 };

describe('Cosmos DB store under faults (429, 503, dropped connections)', () => {
  let upstream: Server;
  let proxy: FaultProxy;
  let store: CosmosStore;
  let probes: Collection<Probe>;
  let database = 0;

  beforeAll(async () => {
    upstream = createHttpServer();
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
    proxy = new FaultProxy(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, seededRandom(SEED));
    await proxy.start();
  });
  afterAll(async () => {
    await proxy.stop();
    upstream.closeAllConnections();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  beforeEach(async () => {
    proxy.reset();
    store = new CosmosStore({ endpoint: proxy.endpoint, key: EMULATOR_KEY, database: `faults-${database++}`, createIfMissing: true, retry: FAST_RETRY });
    await store.init();
    probes = store.collection(PROBES);
    await probes.query({ tenantId: TENANT, pageSize: 1 }); // the container exists before the faults start
  });
  afterEach(() => store.close());

  /** Every probe of the tenant, page by page (pages small enough to need many continuations). */
  async function readAll(pageSize: number): Promise<Probe[]> {
    const all: Probe[] = [];
    let continuation: string | undefined;
    do {
      const page = await probes.query({ tenantId: TENANT, orderBy: { field: 'n', direction: 'asc' }, pageSize, continuation });
      all.push(...page.items.map((v) => v.value));
      continuation = page.continuation;
    } while (continuation);
    return all;
  }

  /** Read, change, write conditionally; on a lost race read again and redo, as the services do. */
  async function addMark(id: string, mark: string): Promise<void> {
    for (;;) {
      const current = (await probes.get(TENANT, id))!;
      try {
        await probes.replace({ ...current.value, marks: [...current.value.marks, mark] }, current.etag);
        return;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
  }

  it(
    'creates, conditional updates and paged reads end exactly as written: nothing lost, nothing doubled',
    async () => {
      const count = fuzzRuns(200);
      const ids = Array.from({ length: count }, (_, n) => `probe-${n}`);
      proxy.rates = ROUGH;

      await inParallel(ids, 16, (id, n) => probes.create({ id, tenantId: TENANT, n, group: n % 3, marks: ['created'] }));
      await inParallel(ids, 16, (id) => addMark(id, 'updated'));
      const paged = await readAll(17);
      const group = await probes.query({ tenantId: TENANT, where: [{ field: 'group', op: '=', value: 1 }], orderBy: { field: 'n', direction: 'desc' }, pageSize: 1000 });

      proxy.rates = NO_FAULTS;
      const expected = ids.map((id, n) => ({ id, tenantId: TENANT, n, group: n % 3, marks: ['created', 'updated'] }));
      expect(paged).toEqual(expected);
      expect(await readAll(1000)).toEqual(expected);
      expect(group.items.map((v) => v.value.n)).toEqual(expected.filter((p) => p.group === 1).map((p) => p.n).reverse());

      // Every kind of fault happened to writes, including the ones applied before the answer was lost.
      const injected = (op: CosmosOperation) => ['throttle', 'unavailable', 'dropBefore', 'dropAfter'].map((f) => proxy.count(op, f as keyof FaultRates));
      for (const op of ['create', 'replace'] as const) for (const n of injected(op)) expect(n).toBeGreaterThan(0);
      expect(injected('query').reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    },
    fuzzTimeout(120_000),
  );

  it('a create applied before its connection dropped is not reported as a conflict, nor written twice', async () => {
    proxy.rates = { ...NO_FAULTS, dropAfter: 1 };
    const pending = probes.create({ id: 'once', tenantId: TENANT, n: 1, group: 0, marks: ['created'] });
    // The first attempt is applied and its answer lost; the retry finds the document it wrote.
    await waitFor(() => proxy.count('create', 'dropAfter') >= 1);
    proxy.rates = NO_FAULTS;
    const created = await pending;
    expect(created.value.marks).toEqual(['created']);
    expect((await probes.get(TENANT, 'once'))!.etag).toBe(created.etag);
    expect(await readAll(10)).toHaveLength(1);
  });

  it('a conditional replace applied before its connection dropped succeeds once, with the new version', async () => {
    const v1 = await probes.create({ id: 'r', tenantId: TENANT, n: 1, group: 0, marks: ['created'] });
    proxy.rates = { ...NO_FAULTS, dropAfter: 1 };
    const pending = probes.replace({ ...v1.value, marks: ['created', 'updated'] }, v1.etag);
    await waitFor(() => proxy.count('replace', 'dropAfter') >= 1);
    proxy.rates = NO_FAULTS;
    const v2 = await pending;
    const stored = (await probes.get(TENANT, 'r'))!;
    expect(stored.value.marks).toEqual(['created', 'updated']);
    expect(v2.etag).toBe(stored.etag);
    // The old version is really gone: a writer holding it loses.
    await expect(probes.replace({ ...v1.value, marks: ['other'] }, v1.etag)).rejects.toBeInstanceOf(ConflictError);
  });

  it('someone else’s document or newer version is still a conflict after a retry', async () => {
    const theirs = await probes.create({ id: 'taken', tenantId: TENANT, n: 1, group: 0, marks: ['theirs'] });
    proxy.rates = { ...NO_FAULTS, unavailable: 1 };
    const create = probes.create({ id: 'taken', tenantId: TENANT, n: 2, group: 0, marks: ['mine'] });
    await waitFor(() => proxy.count('create', 'unavailable') >= 1);
    proxy.rates = NO_FAULTS;
    await expect(create).rejects.toBeInstanceOf(ConflictError);

    const newer = await probes.replace({ ...theirs.value, marks: ['theirs', 'again'] }, theirs.etag);
    proxy.rates = { ...NO_FAULTS, dropBefore: 1 };
    const stale = probes.replace({ ...theirs.value, marks: ['mine'] }, theirs.etag);
    await waitFor(() => proxy.count('replace', 'dropBefore') >= 1);
    proxy.rates = NO_FAULTS;
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    expect((await probes.get(TENANT, 'taken'))!.etag).toBe(newer.etag);
  });

  it('a delete applied before its connection dropped reports the document gone', async () => {
    const v = await probes.create({ id: 'd', tenantId: TENANT, n: 1, group: 0, marks: [] });
    proxy.rates = { ...NO_FAULTS, dropAfter: 1 };
    const pending = probes.delete(TENANT, 'd', v.etag);
    await waitFor(() => proxy.count('delete', 'dropAfter') >= 1);
    proxy.rates = NO_FAULTS;
    expect(await pending).toBe(true);
    expect(await probes.get(TENANT, 'd')).toBeUndefined();
  });

  it('gives up after its attempts when the service stays unavailable, with the service’s error', async () => {
    proxy.rates = { ...NO_FAULTS, unavailable: 1 };
    await expect(probes.create({ id: 'never', tenantId: TENANT, n: 1, group: 0, marks: [] })).rejects.toMatchObject({ code: 503 });
    expect(proxy.count('create', 'unavailable')).toBe(FAST_RETRY.attempts);
    proxy.rates = NO_FAULTS;
    expect(await probes.get(TENANT, 'never')).toBeUndefined();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** Runs `work` over `items`, at most `parallel` at a time. */
async function inParallel<T>(items: ReadonlyArray<T>, parallel: number, work: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
}
