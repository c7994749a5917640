import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../services/errors';
import { serializeContactsCsv } from '../../../services/offers/contactsCsv';
import { OfferSolutionsSource } from '../../../services/offers/offerSolutionsSource';
import { SqliteStore } from '../../../services/store/sqliteStore';
import { ADMIN, offerServices, SELLER } from '../../helpers/offerServices';
import { linkDocument, makeContact, makeListing } from '../../helpers/offers';

const T = 'tenant-a';

describe('offers: create, change, find, rate', () => {
  let store: SqliteStore;
  let s: Awaited<ReturnType<typeof offerServices>>;

  beforeEach(async () => {
    store = new SqliteStore(':memory:');
    s = await offerServices(store);
  });
  afterEach(() => store.close());

  it('lets the partner admin create an offer, and nobody else', async () => {
    const created = await s.offers.create(T, ADMIN, makeListing());
    expect(created.value).toMatchObject({ name: 'Fabrikam Analytics', nameKey: 'fabrikam analytics', documents: [], createdBy: ADMIN, createdAt: '2026-11-21T10:00:00.000Z' });
    await expect(s.offers.create(T, SELLER, makeListing({ name: 'Other' }))).rejects.toBeInstanceOf(ForbiddenError);
    expect((await s.offersRepo.listAll(T)).map((o) => o.value.name)).toEqual(['Fabrikam Analytics']);
  });

  it('refuses an invalid listing with the fields to fix, and saves nothing', async () => {
    const bad = makeListing({ name: ' ', markets: ['US', 'XX'], solutionAreas: [{ area: 'dataAi', subAreas: ['sales'] }] });
    const error = await s.offers.create(T, ADMIN, bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.path).sort()).toEqual(['markets.1', 'name', 'solutionAreas.0.subAreas']);
    expect(await s.offersRepo.listAll(T)).toEqual([]);
  });

  it('keeps offer names unique in a tenant, whatever the case and spacing', async () => {
    await s.offers.create(T, ADMIN, makeListing());
    const error = await s.offers.create(T, ADMIN, makeListing({ name: '  FABRIKAM   analytics ' })).catch((e: unknown) => e);
    expect((error as ValidationError).problems).toEqual([{ path: 'name', message: 'nameTaken' }]);
  });

  it('applies an edit only to the version the admin saw', async () => {
    const created = await s.offers.create(T, ADMIN, makeListing());
    const edited = await s.offers.update(T, ADMIN, created.value.id, created.etag, makeListing({ published: false }));
    expect(edited.value.published).toBe(false);
    await expect(s.offers.update(T, ADMIN, created.value.id, created.etag, makeListing())).rejects.toBeInstanceOf(ConflictError);
    await expect(s.offers.update(T, SELLER, created.value.id, edited.etag, makeListing())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(s.offers.update(T, ADMIN, 'nope', edited.etag, makeListing())).rejects.toBeInstanceOf(NotFoundError);
  });

  it('finds an offer by its exact name, or by a part of it when only one matches', async () => {
    await s.offers.create(T, ADMIN, makeListing({ name: 'Fabrikam Analytics' }));
    await s.offers.create(T, ADMIN, makeListing({ name: 'Fabrikam Insights' }));
    expect((await s.offers.find(T, 'fabrikam  ANALYTICS')).exact?.value.name).toBe('Fabrikam Analytics');
    expect((await s.offers.find(T, 'insights')).exact?.value.name).toBe('Fabrikam Insights');
    const both = await s.offers.find(T, 'fabrikam');
    expect(both.exact).toBeUndefined();
    expect(both.similar.map((o) => o.name)).toEqual(['Fabrikam Analytics', 'Fabrikam Insights']);
    expect(await s.offers.find('tenant-b', 'fabrikam')).toEqual({ similar: [] });
  });

  it('rates offers with their contacts and the organisation facts', async () => {
    const created = await s.offers.create(T, ADMIN, makeListing());
    expect((await s.offers.status(T, created.value)).readiness.status).toBe('NotReady');

    const withDocs = { ...created.value, documents: ['onePager', 'pitchDeck', 'externalUrl', 'caseStudy', 'referenceArchitecture'].map((k) => linkDocument(k as never)) };
    const saved = await s.offersRepo.replace(withDocs, created.etag);
    const plan = await s.contacts.prepareImport(T, ADMIN, saved.value.id, serializeContactsCsv([makeContact()]));
    if (!plan.ok) throw new Error('plan');
    await s.contacts.applyImport(T, ADMIN, plan.plan);
    expect((await s.offers.status(T, saved.value)).readiness.status).toBe('CoSellReady');

    await s.facts.save(T, ADMIN, { acrTtmUsd: 120_000, billedRevenueTtmUsd: 0, goldCompetency: false, isvConnectPremium: false }, undefined);
    expect((await s.offers.status(T, saved.value)).readiness.status).toBe('CoSellIncentivized');
    const page = await s.offers.listWithStatus(T);
    expect(page.items.map((i) => [i.offer.name, i.readiness.status])).toEqual([['Fabrikam Analytics', 'CoSellIncentivized']]);
  });

  it("offers co-sell ready offers, and only those, as our company's solutions for deals", async () => {
    const ready = await s.offers.create(T, ADMIN, makeListing({ name: 'Ready one' }));
    await s.offers.create(T, ADMIN, makeListing({ name: 'Not ready one' }));
    await s.offersRepo.replace({ ...ready.value, documents: ['onePager', 'pitchDeck', 'externalUrl', 'caseStudy'].map((k) => linkDocument(k as never)) }, ready.etag);
    await s.contactsRepo.save({ id: ready.value.id, tenantId: T, contacts: [makeContact()], updatedAt: '2026-11-21T10:00:00.000Z', updatedBy: ADMIN }, undefined);

    const solutions = await new OfferSolutionsSource(s.offers).list(T);
    expect(solutions).toEqual([{ id: ready.value.id, name: 'Ready one', kind: 'OurCompany' }]);
    expect(await new OfferSolutionsSource(s.offers).list('tenant-b')).toEqual([]);
  });
});

describe('organisation facts', () => {
  let store: SqliteStore;
  let s: Awaited<ReturnType<typeof offerServices>>;

  beforeEach(async () => {
    store = new SqliteStore(':memory:');
    s = await offerServices(store);
  });
  afterEach(() => store.close());

  it('start empty, are saved by admins over the version they saw, refused to others', async () => {
    expect(await s.facts.get(T)).toEqual({ facts: { id: 'orgFacts', tenantId: T, acrTtmUsd: 0, billedRevenueTtmUsd: 0, goldCompetency: false, isvConnectPremium: false } });
    const input = { acrTtmUsd: 1, billedRevenueTtmUsd: 2, goldCompetency: true, isvConnectPremium: false };
    await expect(s.facts.save(T, SELLER, input, undefined)).rejects.toBeInstanceOf(ForbiddenError);
    const saved = await s.facts.save(T, ADMIN, input, undefined);
    await expect(s.facts.save(T, ADMIN, input, undefined)).rejects.toBeInstanceOf(ConflictError);
    await s.facts.save(T, ADMIN, { ...input, acrTtmUsd: 5 }, saved.etag);
    expect((await s.facts.get(T)).facts).toMatchObject({ acrTtmUsd: 5, updatedBy: ADMIN });
    await expect(s.facts.save(T, ADMIN, { ...input, acrTtmUsd: -1 }, (await s.facts.get(T)).etag)).rejects.toBeInstanceOf(ValidationError);
  });
});
