import { ManualClock } from '../../../services/clock';
import { StoreDocumentFileStore, CHUNK_BYTES } from '../../../services/offers/documents/documentFileStore';
import { CosmosStore } from '../../../services/store/cosmosStore';
import type { DocumentStore } from '../../../services/store/documentStore';
import { SqliteStore } from '../../../services/store/sqliteStore';
import { startCosmosServer, type CosmosTestServer } from '../../helpers/cosmosServer';
import { ADMIN, offerServices } from '../../helpers/offerServices';
import { makeContact, makeListing } from '../../helpers/offers';
import { serializeContactsCsv } from '../../../services/offers/contactsCsv';

let cosmos: CosmosTestServer;
beforeAll(async () => {
  cosmos = await startCosmosServer();
});
afterAll(() => cosmos.stop());

let n = 0;
const backends: Array<[string, () => Promise<DocumentStore>]> = [
  ['SQLite', async () => new SqliteStore(':memory:')],
  [
    'Cosmos DB',
    async () => {
      const store = new CosmosStore({ endpoint: cosmos.endpoint, key: cosmos.key, agent: cosmos.agent, database: `offers-${n++}`, createIfMissing: true });
      await store.init();
      return store;
    },
  ],
];

/** The offers' queries (name lookup, name order, "after" paging) and writes, on every backend. */
describe.each(backends)('offers on %s', (_name, open) => {
  let store: DocumentStore;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(() => store.close());

  it('finds by name, lists in name order a page at a time, keeps tenants apart', async () => {
    const s = await offerServices(store);
    for (const name of ['Gamma', 'alpha', 'Beta', 'Delta']) await s.offers.create('tenant-a', ADMIN, makeListing({ name }));
    expect((await s.offers.find('tenant-a', 'BETA')).exact?.value.name).toBe('Beta');
    const first = await s.offers.listWithStatus('tenant-a', 2);
    expect(first.items.map((i) => i.offer.name)).toEqual(['alpha', 'Beta']);
    expect(first.more).toBe(true);
    const second = await s.offers.listWithStatus('tenant-a', 2, 'Beta');
    expect(second.items.map((i) => i.offer.name)).toEqual(['Delta', 'Gamma']);
    expect((await s.offers.all('tenant-b')).length).toBe(0);
  });

  it('replaces the contact list in one write and keeps chunked files', async () => {
    const s = await offerServices(store);
    const offer = await s.offers.create('tenant-a', ADMIN, makeListing());
    const check = await s.contacts.prepareImport('tenant-a', ADMIN, offer.value.id, serializeContactsCsv([makeContact(), makeContact({ email: 'x@y.example' })]));
    if (!check.ok) throw new Error('import');
    await s.contacts.applyImport('tenant-a', ADMIN, check.plan);
    expect(await s.contacts.list('tenant-a', offer.value.id)).toHaveLength(2);

    const files = new StoreDocumentFileStore(store, new ManualClock('2026-11-21T10:00:00Z'));
    const bytes = Buffer.alloc(CHUNK_BYTES + 100, 9);
    const id = await files.put('tenant-a', { name: 'a.pdf', contentType: 'application/pdf', fileType: 'pdf', bytes });
    expect((await files.get('tenant-a', id))?.bytes.equals(bytes)).toBe(true);
  });
});
