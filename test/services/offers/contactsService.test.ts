import { ConflictError, ForbiddenError, NotFoundError } from '../../../services/errors';
import { serializeContactsCsv } from '../../../services/offers/contactsCsv';
import { isCountryCode } from '../../../services/offers/countries';
import type { ContactsImportCheck } from '../../../services/offers/contactsService';
import { SqliteStore } from '../../../services/store/sqliteStore';
import { ADMIN, offerServices, SELLER } from '../../helpers/offerServices';
import { makeContact, makeListing } from '../../helpers/offers';

const T = 'tenant-a';
const HEADER = 'Name,Email,Job title,Role,Country,State/province';

function planOf(check: ContactsImportCheck) {
  if (!check.ok) throw new Error(JSON.stringify(check.problems));
  return check.plan;
}

describe('contacts import and export', () => {
  let store: SqliteStore;
  let s: Awaited<ReturnType<typeof offerServices>>;
  let offerId: string;

  beforeEach(async () => {
    store = new SqliteStore(':memory:');
    s = await offerServices(store);
    offerId = (await s.offers.create(T, ADMIN, makeListing())).value.id;
  });
  afterEach(() => store.close());

  const csv = (...rows: string[]) => [HEADER, ...rows].join('\r\n');

  it('replaces all contacts with the file, saying how many were replaced by how many', async () => {
    await s.contacts.applyImport(T, ADMIN, planOf(await s.contacts.prepareImport(T, ADMIN, offerId, csv('A,a@x.example,T,Partner sales,US,', 'B,b@x.example,T,Partner sales,CA,'))));
    const plan = planOf(await s.contacts.prepareImport(T, ADMIN, offerId, csv('C,c@x.example,T,Partner marketing,OOO,')));
    expect(plan).toMatchObject({ currentCount: 2, unchanged: false });
    expect(plan.contacts).toHaveLength(1);
    expect(await s.contacts.list(T, offerId)).toHaveLength(2); // nothing changes before the confirm
    await s.contacts.applyImport(T, ADMIN, plan);
    expect((await s.contacts.list(T, offerId)).map((c) => c.name)).toEqual(['C']);
  });

  it('changes nothing when any row is invalid, and lists every problem', async () => {
    await s.contacts.applyImport(T, ADMIN, planOf(await s.contacts.prepareImport(T, ADMIN, offerId, csv('A,a@x.example,T,Partner sales,US,'))));
    const check = await s.contacts.prepareImport(T, ADMIN, offerId, csv('B,b@x.example,T,Partner sales,CA,', 'C,bad,T,Partner sales,CA,', 'D,d@x.example,T,Partner sales,,'));
    expect(check).toEqual({
      ok: false,
      problems: [
        { code: 'invalidEmail', row: 3, column: 'Email', value: 'bad' },
        { code: 'required', row: 4, column: 'Country' },
      ],
    });
    expect((await s.contacts.list(T, offerId)).map((c) => c.name)).toEqual(['A']);
  });

  it('round trip: importing the exported file changes nothing', async () => {
    const contacts = [makeContact({ name: 'Zoë, "Z" Zed', countries: ['US', 'CA'], stateOrProvince: 'CA-QC' }), makeContact({ email: 'm@x.example', role: 'PartnerMarketing' })];
    await s.contacts.applyImport(T, ADMIN, planOf(await s.contacts.prepareImport(T, ADMIN, offerId, serializeContactsCsv(contacts))));
    const exported = await s.contacts.exportCsv(T, offerId);
    const plan = planOf(await s.contacts.prepareImport(T, ADMIN, offerId, exported));
    expect(plan.unchanged).toBe(true);
    await s.contacts.applyImport(T, ADMIN, plan);
    expect(await s.contacts.exportCsv(T, offerId)).toBe(exported);
    expect(await s.contacts.list(T, offerId)).toEqual(contacts);
  });

  it('refuses a confirm when the contacts changed after the file was checked', async () => {
    const first = planOf(await s.contacts.prepareImport(T, ADMIN, offerId, csv('A,a@x.example,T,Partner sales,US,')));
    const second = planOf(await s.contacts.prepareImport(T, ADMIN, offerId, csv('B,b@x.example,T,Partner sales,US,')));
    await s.contacts.applyImport(T, ADMIN, second);
    await expect(s.contacts.applyImport(T, ADMIN, first)).rejects.toBeInstanceOf(ConflictError);
    expect((await s.contacts.list(T, offerId)).map((c) => c.name)).toEqual(['B']);
  });

  it('only lets partner admins import, into offers that exist', async () => {
    await expect(s.contacts.prepareImport(T, SELLER, offerId, csv())).rejects.toBeInstanceOf(ForbiddenError);
    const plan = planOf(await s.contacts.prepareImport(T, ADMIN, offerId, csv('A,a@x.example,T,Partner sales,US,')));
    await expect(s.contacts.applyImport(T, SELLER, plan)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(s.contacts.prepareImport(T, ADMIN, 'missing', csv())).rejects.toBeInstanceOf(NotFoundError);
    await expect(s.contacts.prepareImport('tenant-b', ADMIN, offerId, csv())).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('refuses a list too large for one offer document', async () => {
    const everyCountry = Array.from({ length: 26 * 26 }, (_, i) => String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26)));
    const countries = everyCountry.filter(isCountryCode).join(',');
    const rows = Array.from({ length: 2_500 }, (_, i) => `Person ${i},p${i}@x.example,Seller,Partner sales,"${countries}",`);
    expect(await s.contacts.prepareImport(T, ADMIN, offerId, csv(...rows))).toEqual({ ok: false, problems: [{ code: 'tooLarge' }] });
  });
});
