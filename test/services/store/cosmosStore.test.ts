import { CosmosClient } from '@azure/cosmos';
import { createServer, type AddressInfo } from 'node:net';
import { OpportunityRepository } from '../../../services/opportunities/opportunityRepository';
import { OPPORTUNITIES } from '../../../services/store/collections';
import { buildQuerySpec } from '../../../services/store/cosmosQuery';
import { CosmosStore } from '../../../services/store/cosmosStore';
import type { BaseDocument, CollectionSpec } from '../../../services/store/documentStore';
import { startCosmosServer, type CosmosTestServer, type RecordedRequest } from '../../helpers/cosmosServer';
import { makeOpportunity } from '../../helpers/opportunities';
import { describeStoreContract } from './storeContract';

let server: CosmosTestServer;
beforeAll(async () => {
  server = await startCosmosServer();
});
afterAll(async () => {
  await server.stop();
});

let n = 0;
/** A fresh database name per store keeps every test isolated on the one shared server. */
function newStore(options: { database?: string; createIfMissing?: boolean } = {}): CosmosStore {
  return new CosmosStore({
    endpoint: server.endpoint,
    key: server.key,
    agent: server.agent,
    database: options.database ?? `cosell-test-${n++}`,
    createIfMissing: options.createIfMissing ?? true,
  });
}

describeStoreContract('Cosmos DB (Cosmos-protocol server)', {
  async open() {
    const store = newStore();
    await store.init();
    return store;
  },
});

/** A local port that nothing listens on (just released by the OS). */
async function closedLocalPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function queriesOf(requests: RecordedRequest[], collection: string): RecordedRequest[] {
  return requests.filter(
    (r) => r.method === 'POST' && r.url.endsWith(`/colls/${collection}/docs`) && r.headers['x-ms-documentdb-isquery'] !== undefined,
  );
}

describe('Cosmos DB store', () => {
  let database: string;
  let store: CosmosStore;
  let repo: OpportunityRepository;
  beforeEach(async () => {
    database = `cosell-test-${n++}`;
    store = newStore({ database });
    await store.init();
    repo = new OpportunityRepository(store);
  });
  afterEach(async () => {
    await store.close();
  });

  it('sends a per-tenant list as a single-partition query, with the partition key', async () => {
    await repo.create(makeOpportunity({ tenantId: 'tenant-a' }));
    const before = server.requests.length;
    await repo.list('tenant-a', { direction: 'Incoming', pageSize: 5 });
    const sent = queriesOf(server.requests.slice(before), 'opportunities');
    expect(sent).toHaveLength(1);
    // The partition key header is what routes a query to one partition (SDK v4 sends the
    // enable-cross-partition header on every query, so that header proves nothing).
    expect(sent[0]?.headers['x-ms-documentdb-partitionkey']).toBe('["tenant-a"]');
  });

  it('sends the system-wide due query across partitions, without a partition key', async () => {
    const before = server.requests.length;
    await repo.listDue(new Date('2026-11-20T00:00:00.000Z'), 10);
    const sent = queriesOf(server.requests.slice(before), 'opportunities');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers['x-ms-documentdb-partitionkey']).toBeUndefined();
  });

  it('pages through records sharing a creation time in the same order, whatever the page size', async () => {
    const sameInstant = '2026-10-10T10:00:00.000Z';
    const made = [
      ...Array.from({ length: 9 }, () => makeOpportunity({ createdDateTime: sameInstant })),
      makeOpportunity({ createdDateTime: '2026-10-11T10:00:00.000Z' }),
      makeOpportunity({ createdDateTime: '2026-10-09T10:00:00.000Z' }),
    ];
    for (const o of made) await repo.create(o);
    const orders: string[][] = [];
    for (const pageSize of [1, 2, 3, 4, 5, 11]) {
      const seen: string[] = [];
      let continuation: string | undefined;
      do {
        const page = await repo.list('tenant-a', { pageSize, continuation });
        seen.push(...page.items.map((i) => i.value.id));
        continuation = page.continuation;
      } while (continuation);
      orders.push(seen);
    }
    for (const seen of orders) {
      expect(seen).toEqual(orders[0]);
      expect(new Set(seen).size).toBe(made.length);
    }
    expect(orders[0]?.[0]).toBe(made[9]?.id);
    expect(orders[0]?.[made.length - 1]).toBe(made[10]?.id);
  });

  it('refuses to read back a stored document that no longer fits the schema', async () => {
    const o = makeOpportunity();
    await repo.create(o);
    // Written behind the store's back, as an old release or a manual edit might have done.
    const raw = new CosmosClient({ endpoint: server.endpoint, key: server.key, agent: server.agent });
    await raw.database(database).container('opportunities').items.upsert({ ...o, status: 'Bogus' });
    raw.dispose();
    await expect(repo.get(o.tenantId, o.id)).rejects.toThrow(/status/);
  });

  it('answers ping with an error when the database is gone', async () => {
    const other = newStore({ createIfMissing: false, database: 'no-such-database' });
    await expect(other.ping()).rejects.toThrow();
    await other.close();
  });

  it('answers ping with an error when the server cannot be reached', async () => {
    const closed = await closedLocalPort();
    const other = new CosmosStore({
      endpoint: `https://127.0.0.1:${closed}`,
      key: server.key,
      agent: server.agent,
      database,
      createIfMissing: false,
    });
    await expect(other.ping()).rejects.toThrow();
    await other.close();
  });
});

describe('Cosmos DB store set-up', () => {
  it('fails init with a clear error when the database is missing and may not be created', async () => {
    const store = newStore({ database: 'missing-db', createIfMissing: false });
    await expect(store.init()).rejects.toThrow(
      'Cosmos DB database "missing-db" does not exist, and createIfMissing is off: create it first (partition key /tenantId)',
    );
    await store.close();
  });

  it('fails init naming the container when the database exists but a container is missing', async () => {
    const raw = new CosmosClient({ endpoint: server.endpoint, key: server.key, agent: server.agent });
    await raw.databases.createIfNotExists({ id: 'half-made' });
    raw.dispose();
    const store = newStore({ database: 'half-made', createIfMissing: false });
    await expect(store.init()).rejects.toThrow(/container "half-made\/(opportunities|botState)" does not exist/);
    await store.close();
  });

  it('opens an existing database without creating anything', async () => {
    const first = newStore({ database: 'ready-made' });
    await first.init();
    await first.close();
    const second = newStore({ database: 'ready-made', createIfMissing: false });
    await expect(second.init()).resolves.toBeUndefined();
    await second.close();
  });

  it('builds parameterised SQL: values never enter the query text', () => {
    const spec = OPPORTUNITIES as unknown as CollectionSpec<BaseDocument>;
    const q = buildQuerySpec(spec, {
      tenantId: 'tenant-a',
      where: [{ field: 'externalId', op: '=', value: "x' OR 1=1 --" }],
      orderBy: { field: 'createdDateTime', direction: 'desc' },
      pageSize: 10,
    });
    expect(q.query).toBe('SELECT * FROM c WHERE c.tenantId = @tenantId AND c["externalId"] = @p0 ORDER BY c["createdDateTime"] DESC');
    expect(q.parameters).toEqual([
      { name: '@tenantId', value: 'tenant-a' },
      { name: '@p0', value: "x' OR 1=1 --" },
    ]);
    expect(() => buildQuerySpec(spec, { where: [{ field: 'name', op: '=', value: 'x' }], pageSize: 10 })).toThrow(/not queryable/);
  });
});
