import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../services/clock';
import { DirectoryCustomer, foldName } from '../../../services/customers/customer';
import { CustomerDirectory } from '../../../services/customers/customerDirectory';
import { KnownCustomers } from '../../../services/customers/knownCustomers';
import directoryData from '../../../services/customers/data/directory.json';
import { OpportunityRepository } from '../../../services/opportunities/opportunityRepository';
import { SqliteStore } from '../../../services/store/sqliteStore';
import { makeOpportunity } from '../../helpers/opportunities';

describe('the customer directory data set', () => {
  const entries = DirectoryCustomer.array().parse(directoryData);

  it('holds 60 to 100 companies in several countries, each with an address and a unique 9-digit D-U-N-S number', () => {
    expect(entries.length).toBeGreaterThanOrEqual(60);
    expect(entries.length).toBeLessThanOrEqual(100);
    expect(new Set(entries.map((e) => e.duns)).size).toBe(entries.length);
    expect(entries.every((e) => /^\d{9}$/.test(e.duns) && e.address.addressLine1 && e.address.city)).toBe(true);
    expect(new Set(entries.map((e) => e.address.country)).size).toBeGreaterThanOrEqual(8);
  });

  it('has legal entities that share a name in one city (told apart only by D-U-N-S number and address)', () => {
    const groups = new Map<string, number>();
    for (const e of entries) {
      const key = `${foldName(e.name)}|${e.address.city}|${e.address.country}`;
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    expect([...groups.values()].filter((n) => n > 1).length).toBeGreaterThanOrEqual(2);
  });
});

describe('CustomerDirectory', () => {
  const tenantId = 'tenant-a';
  let dir: string;
  let store: SqliteStore;
  let repo: OpportunityRepository;
  let clock: ManualClock;
  let known: KnownCustomers;
  let directory: CustomerDirectory;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cosell-dir-'));
    store = new SqliteStore(join(dir, 'db.sqlite'));
    await store.init();
    repo = new OpportunityRepository(store);
    clock = new ManualClock('2026-11-21T10:00:00Z');
    known = new KnownCustomers(repo, clock);
    directory = CustomerDirectory.shipped(known, repo);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds by part of the name within the country, and the city or state narrows it', async () => {
    const inUs = await directory.search(tenantId, { country: 'US' }, 'contoso');
    expect(inUs.map((m) => m.name)).toEqual(['Contoso Ltd', 'Contoso Ltd', 'Contoso Ltd', 'Contoso Pharmaceuticals']);
    expect(await directory.search(tenantId, { country: 'US', city: 'Bellevue' }, 'contoso')).toEqual([]);
    const byState = await directory.search(tenantId, { country: 'US', city: 'wa' }, 'contoso pharma');
    expect(byState.map((m) => m.duns)).toEqual(['384231209']);
    expect((await directory.search(tenantId, { country: 'DE', city: 'munchen' }, 'fabrikam')).map((m) => m.address.addressLine1)).toEqual([
      'Leopoldstraße 28',
      'Landsberger Straße 110',
    ]);
  });

  it('matches the start of words and ignores accents and punctuation, exact names first', async () => {
    expect((await directory.search(tenantId, { country: 'PL' }, 'wisla log')).map((m) => m.name)).toEqual(['Wisła Logistyka Sp. z o.o.']);
    expect((await directory.search(tenantId, { country: 'FR' }, 'maison lumiere sa')).map((m) => m.name)).toEqual(['Maison Lumière SA']);
    expect(await directory.search(tenantId, { country: 'FR' }, 'zzz')).toEqual([]);
    expect(await directory.search(tenantId, { country: 'US' }, 'a', 3)).toHaveLength(3);
  });

  it('puts this partner\'s known customers first, and offers customers entered by hand on earlier deals', async () => {
    await repo.create(
      makeOpportunity({
        tenantId,
        customerProfile: { name: 'Contoso Ltd', address: { city: 'Seattle', country: 'US' }, team: [], ids: [{ profileType: 'Duns', id: '575643791' }] },
      }),
    );
    const handEntered = makeOpportunity({
      tenantId,
      createdDateTime: '2026-11-02T09:00:00.000Z',
      customerProfile: { name: 'Contoso Bakery', address: { addressLine1: '3 Pike Street', city: 'Seattle', country: 'US' }, team: [], ids: [] },
    });
    await repo.create(handEntered);
    const found = await directory.search(tenantId, { country: 'US', city: 'Seattle' }, 'contoso');
    expect(found.slice(0, 2).map((m) => [m.name, m.known])).toEqual([
      ['Contoso Bakery', true],
      ['Contoso Ltd', true],
    ]);
    expect(found.filter((m) => m.duns === '575643791')).toHaveLength(1);
    expect(await directory.resolve(tenantId, `deal:${handEntered.id}`)).toMatchObject({ name: 'Contoso Bakery', known: true });
    expect(await directory.resolve('another-tenant', `deal:${handEntered.id}`)).toBeUndefined();
    expect((await directory.knownIn(tenantId, { country: 'US', city: 'Seattle' })).map((m) => m.name).sort()).toEqual(['Contoso Bakery', 'Contoso Ltd']);
    expect(await directory.knownIn('another-tenant', { country: 'US' })).toEqual([]);
  });

  it('selects by D-U-N-S number, in any place', async () => {
    expect(await directory.findByDuns(tenantId, '423072584')).toMatchObject({ name: 'Contoso Ltd', address: { city: 'Toronto' } });
    expect(await directory.resolve(tenantId, 'duns:423072584')).toMatchObject({ name: 'Contoso Ltd' });
    expect(await directory.findByDuns(tenantId, '000000000')).toBeUndefined();
    expect(await directory.resolve(tenantId, 'nonsense')).toBeUndefined();
  });

  it('keeps the known customers for a short while, and forgets them on request', async () => {
    expect(await known.list(tenantId)).toEqual([]);
    await repo.create(makeOpportunity({ tenantId }));
    expect(await known.list(tenantId)).toEqual([]);
    clock.advance(31_000);
    expect(await known.list(tenantId)).toHaveLength(1);
    await repo.create(makeOpportunity({ tenantId, customerProfile: { name: 'Fabrikam GmbH', address: { country: 'DE' }, team: [], ids: [] } }));
    known.forget(tenantId);
    expect(await known.list(tenantId)).toHaveLength(2);
  });
});
