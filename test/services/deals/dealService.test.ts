import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../services/clock';
import { DealDraft } from '../../../services/deals/dealDraft';
import { DealValidationError, PROBLEM, type DealProblem } from '../../../services/deals/dealProblems';
import { DealService, buildOpportunity } from '../../../services/deals/dealService';
import { RecentContacts } from '../../../services/deals/recentContacts';
import { ForbiddenError } from '../../../services/errors';
import { Translator } from '../../../services/i18n/catalog';
import { Opportunity } from '../../../services/opportunities/opportunity';
import { OpportunityRepository } from '../../../services/opportunities/opportunityRepository';
import { RoleService } from '../../../services/roles/roleService';
import { SqliteStore } from '../../../services/store/sqliteStore';
import { makeOpportunity } from '../../helpers/opportunities';

const TENANT = 'tenant-a';
const ADMIN = { userId: 'aad-admin', name: 'Ada Admin' };

function draft(overrides: Record<string, unknown> = {}) {
  return {
    customer: { name: 'Contoso Ltd', address: { addressLine1: '1 Microsoft Way', city: 'Seattle', state: 'WA', postalCode: '98101', country: 'US' }, duns: '575643791' },
    consent: false,
    details: { name: 'Contoso data platform', dealValue: 250000, currency: 'USD', closeDate: '2027-03-31' },
    team: [{ name: 'Sam Taylor', phoneNumber: '+1 425 555 0199', email: 'sam@partner.example' }],
    solutions: [{ id: 'ms-fabric', name: 'Microsoft Fabric', publisherName: 'Microsoft', kind: 'Microsoft' }],
    help: { wanted: false },
    ...overrides,
  };
}

async function problemsOf(attempt: Promise<unknown>): Promise<ReadonlyArray<DealProblem>> {
  try {
    await attempt;
  } catch (err) {
    if (err instanceof DealValidationError) return err.dealProblems;
    throw err;
  }
  throw new Error('expected the draft to be refused');
}

const coSell = {
  customerContact: { name: 'Dana Reyes', phoneNumber: '+1 206 555 0100', email: 'dana@contoso.example' },
  consent: true,
  help: { wanted: true, helpCodes: [2, 3], notes: 'An architect for the landing zone.' },
};

describe('DealService', () => {
  let dir: string;
  let store: SqliteStore;
  let repo: OpportunityRepository;
  let clock: ManualClock;
  let recent: RecentContacts;
  let deals: DealService;
  let created: string[];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cosell-deals-'));
    store = new SqliteStore(join(dir, 'db.sqlite'));
    await store.init();
    repo = new OpportunityRepository(store);
    clock = new ManualClock('2026-11-21T10:00:00.000Z');
    const roles = new RoleService(store, clock);
    await roles.ensureFirstAdmin(TENANT, ADMIN);
    recent = new RecentContacts(store, clock);
    created = [];
    deals = new DealService({ opportunities: repo, roles, recentContacts: recent, clock, newId: () => `deal-${created.length + 1}`, onCreated: (o) => created.push(o.id) });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const stored = async () => (await repo.list(TENANT, { pageSize: 50 })).items.map((v) => v.value);

  it('stores a private pipeline deal in the Accepted stage, with no engagement window', async () => {
    const { value: deal } = await deals.create(draft(), { tenantId: TENANT, ...ADMIN });
    expect(deal).toMatchObject({ id: 'deal-1', direction: 'Outgoing', type: 'Independent', status: 'Active', substatus: 'Accepted', acceptedDateTime: '2026-11-21T10:00:00.000Z' });
    expect(deal.expirationDateTime).toBeUndefined();
    expect(deal.dueDateTime).toBeUndefined();
    expect(deal.inviteContext).toBeUndefined();
    expect(Opportunity.parse(deal)).toEqual(deal);
    expect(await stored()).toEqual([deal]);
    expect(created).toEqual(['deal-1']);
    expect((await recent.list(TENANT, ADMIN.userId)).map((p) => p.email)).toEqual(['sam@partner.example']);
  });

  it('stores a co-sell deal with the help asked for and 14 days for Microsoft sellers to engage', async () => {
    const { value: deal } = await deals.create(draft(coSell), { tenantId: TENANT, ...ADMIN });
    expect(deal).toMatchObject({
      type: 'Shared',
      consent: { consentToShareReferralWithMicrosoftSellers: true, consentToContact: true },
      customerProfile: { team: [{ firstName: 'Dana', lastName: 'Reyes', phoneNumber: '+1 206 555 0100', email: 'dana@contoso.example' }], ids: [{ profileType: 'Duns', id: '575643791' }] },
      inviteContext: { helpCodes: [2, 3], notes: 'An architect for the landing zone.' },
      expirationDateTime: '2026-12-05T10:00:00.000Z',
      dueDateTime: '2026-12-05T10:00:00.000Z',
      history: [{ at: '2026-11-21T10:00:00.000Z', action: 'createCoSell', byUserId: 'aad-admin', byName: 'Ada Admin' }],
    });
  });

  it('refuses a co-sell request without the customer contact or consent, naming the problems, and stores nothing', async () => {
    const attempt = deals.create(draft({ help: coSell.help }), { tenantId: TENANT, ...ADMIN });
    await expect(attempt).rejects.toBeInstanceOf(DealValidationError);
    const problems = await problemsOf(attempt);
    expect(problems).toEqual([
      { path: 'customerContact', key: PROBLEM.helpNeedsContact },
      { path: 'consent', key: PROBLEM.helpNeedsConsent },
    ]);
    expect(await stored()).toEqual([]);
    expect(await recent.list(TENANT, ADMIN.userId)).toEqual([]);
  });

  it('maps every invalid field to a message in the catalog', async () => {
    const bad = draft({
      details: { name: '', dealValue: -5, currency: 'XXQ', closeDate: '2027-13-01', crmId: 'x'.repeat(101) },
      team: [],
      solutions: [],
    });
    const problems = await problemsOf(deals.create(bad, { tenantId: TENANT, ...ADMIN }));
    const tr = new Translator('en-US');
    expect(problems.map((p) => p.path).sort()).toEqual(['details.closeDate', 'details.crmId', 'details.currency', 'details.dealValue', 'details.name', 'solutions', 'team']);
    for (const p of problems) expect(tr.t(p.key, p.vars)).not.toBe(p.key);
    const crmId = problems.find((p) => p.path === 'details.crmId')!;
    expect(tr.t(crmId.key, crmId.vars)).toBe('This is too long (at most 100 characters).');
    expect(await stored()).toEqual([]);
  });

  it('refuses a close date in the past by the clock', async () => {
    clock.set('2027-04-01T00:00:00.000Z');
    await expect(deals.create(draft(), { tenantId: TENANT, ...ADMIN })).rejects.toMatchObject({ dealProblems: [{ path: 'details.closeDate', key: PROBLEM.dateInPast }] });
  });

  it('lets only MPN partner admins and Referrals admins create deals', async () => {
    await expect(deals.create(draft(), { tenantId: TENANT, userId: 'aad-someone-else' })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await deals.mayCreate(TENANT, 'aad-someone-else')).toBe(false);
    expect(await deals.mayCreate(TENANT, ADMIN.userId)).toBe(true);
    expect(await stored()).toEqual([]);
  });

  it('keeps the deal when only the recent contacts list cannot be updated', async () => {
    const warnings: string[] = [];
    recent.remember = async () => {
      throw new Error('recent contacts unavailable');
    };
    deals = new DealService({ opportunities: repo, roles: new RoleService(store, clock), recentContacts: recent, clock, warn: (m) => warnings.push(m) });
    await deals.create(draft(), { tenantId: TENANT, ...ADMIN });
    expect(await stored()).toHaveLength(1);
    expect(warnings).toEqual(['could not update recent contacts']);
  });

  describe('open duplicates', () => {
    const fabric = [{ id: 'ms-fabric', name: 'Microsoft Fabric' }];
    const seed = (o: Parameters<typeof makeOpportunity>[0]) => repo.create(makeOpportunity({ tenantId: TENANT, ...o }));
    const check = async (d = draft()) => (await deals.findOpenDuplicates(TENANT, DealDraft.parse(d))).map((o) => o.name).sort();

    it('are open deals (received or accepted, inbound or outbound) of the same D-U-N-S number with a shared solution', async () => {
      const profile = (duns: string) => ({ name: 'Contoso Ltd', address: { country: 'US' }, team: [], ids: [{ profileType: 'Duns' as const, id: duns }] });
      const details = (solutions: Array<{ id: string; name: string }>) => ({ dealValue: 1, currency: 'USD', closingDateTime: '2027-01-01T00:00:00.000Z', requirements: { solutions, industries: [], products: [], services: [] } });
      await seed({ name: 'received inbound', status: 'New', substatus: 'Received', customerProfile: profile('575643791'), details: details(fabric) });
      await seed({ name: 'accepted outbound', direction: 'Outgoing', status: 'Active', substatus: 'Accepted', customerProfile: profile('575643791'), details: details([...fabric, { id: 'x', name: 'X' }]) });
      await seed({ name: 'lost', status: 'Closed', substatus: 'Lost', customerProfile: profile('575643791'), details: details(fabric) });
      await seed({ name: 'other company, same name', status: 'Active', substatus: 'Accepted', customerProfile: profile('197540571'), details: details(fabric) });
      await seed({ name: 'other solution', status: 'Active', substatus: 'Accepted', customerProfile: profile('575643791'), details: details([{ id: 'ms-intune', name: 'Intune' }]) });
      await repo.create(makeOpportunity({ tenantId: 'another-tenant', name: 'another partner', status: 'Active', substatus: 'Accepted', customerProfile: profile('575643791'), details: details(fabric) }));
      expect(await check()).toEqual(['accepted outbound', 'received inbound']);
    });

    it('are matched by name, country and city for customers entered by hand', async () => {
      const details = { dealValue: 1, currency: 'USD', closingDateTime: '2027-01-01T00:00:00.000Z', requirements: { solutions: fabric, industries: [], products: [], services: [] } };
      await seed({ name: 'same bakery', status: 'Active', substatus: 'Accepted', customerProfile: { name: 'Zielony Rynek Sp. z o.o.', address: { city: 'Poznań', country: 'PL' }, team: [], ids: [] }, details });
      await seed({ name: 'bakery elsewhere', status: 'Active', substatus: 'Accepted', customerProfile: { name: 'Zielony Rynek Sp. z o.o.', address: { city: 'Gdańsk', country: 'PL' }, team: [], ids: [] }, details });
      const byHand = draft({ customer: { name: 'zielony rynek sp z o o', address: { addressLine1: 'ul. Półwiejska 32', city: 'Poznan', country: 'PL' } } });
      expect(await check(byHand)).toEqual(['same bakery']);
    });
  });

  it('builds the opportunity from the draft alone: the same draft and time give the same deal', () => {
    const d = DealDraft.parse(draft(coSell));
    const at = new Date('2026-11-21T10:00:00.000Z');
    expect(buildOpportunity(d, { tenantId: TENANT, ...ADMIN }, 'x', at)).toEqual(buildOpportunity(d, { tenantId: TENANT, ...ADMIN }, 'x', at));
  });
});
