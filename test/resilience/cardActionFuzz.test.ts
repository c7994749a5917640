import fc from 'fast-check';
import type { Activity } from 'botbuilder';
import { INBOX_VERBS, REFERRAL_VERBS } from '../../cards/cardVerbs';
import { INBOX_VIEWS } from '../../cards/inboxCards';
import { FORM_FIELDS } from '../../cards/referralForms';
import type { Opportunity } from '../../services/opportunities/opportunity';
import type { Versioned } from '../../services/store/documentStore';
import { ADMIN, cardAction, invoke, OTHER_TENANT, startHarness, STRANGER, TENANT, VIEWER, type Harness, type Person } from '../helpers/botHarness';
import { anyJson, applyMutations, fuzzParameters, fuzzTimeout, mutationsOf, nastyString, type Mutation } from '../helpers/fuzz';
import { inboundReferral } from '../helpers/referrals';
import { snapshotChanges, storeSnapshot } from '../helpers/storeSnapshot';

/**
 * Action.Execute clicks with random and mutated data, through the whole bot: every click is
 * answered (never a thrown error, never a 5xx), and a refused click changes nothing in the store.
 */

const VERBS = [...Object.values(REFERRAL_VERBS), ...Object.values(INBOX_VERBS)];
const FIELDS = [...new Set(Object.values(FORM_FIELDS).flat())];

/** Values that pass each field's check, so that some clicks get through to the lifecycle. */
const GOOD_VALUES: Record<string, string[]> = {
  name: ['Contoso warehouse'],
  dealValue: ['300,000', '0', '12.5'],
  finalValue: ['310000'],
  currency: ['usd', 'EUR'],
  closingDate: ['2027-02-01'],
  wonDate: ['2026-11-01'],
  notes: ['Kick-off next week'],
  crmId: ['CRM-42'],
  campaignId: [''],
  employee1Name: ['Avery Admin'],
  employee1Email: ['avery@fabrikam.example'],
  employee1Phone: ['+1 425 555 0101'],
  employeeName: ['Kim Seller'],
  employeeEmail: ['kim@fabrikam.example'],
  employeePhone: ['+1 425 555 0102'],
  reason: ['1', '2', 'Price', 'CustomerChoseAnotherPartner'],
  customerTenantId: ['6f1c2a4e-8b3d-4c5e-9a7f-0d1e2f3a4b5c'],
  invoiceNumber: ['INV-1'],
  keepSolutions: ['sol-1', ''],
  solutionName: ['Fabrikam Analytics'],
  solutionPublisher: ['Fabrikam'],
  solutionKind: ['Partner', 'Microsoft'],
  solutionRegistration: ['true', 'false'],
  helpCodes: ['1,2', '7'],
  helpNotes: ['Architecture review'],
  contactName: ['Dana Reyes'],
  contactEmail: ['dana@contoso.example'],
  contactPhone: ['+1 206 555 0100'],
  consent: ['true', 'false'],
};

type VersionChoice = 'current' | 'stale' | string;

interface Click {
  verb: string;
  who: Person;
  tenantId: string;
  referral: number;
  dataTenant: 'same' | 'other' | string;
  version: VersionChoice;
  fields: Record<string, string>;
  mutations: Mutation[];
  /** Replace the whole action value with this (malformed Action.Execute shapes). */
  rawValue?: unknown;
  /** What an inbox pager button sends. */
  inbox: Record<string, unknown>;
}

/** Continuation tokens: well-formed ones with odd positions, and garbage. */
const continuation = fc.oneof(
  fc.record({ v: anyJson, id: fc.oneof(nastyString, anyJson) }).map((p) => Buffer.from(JSON.stringify(p), 'utf8').toString('base64url')),
  nastyString,
);

const inboxData = fc.record(
  {
    view: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...INBOX_VIEWS) }, { weight: 1, arbitrary: nastyString }),
    stage: fc.oneof(fc.constantFrom('Received', 'Accepted', 'Archived'), nastyString),
    page: fc.oneof(fc.integer({ min: -2, max: 200_000 }), anyJson),
    continuation,
  },
  { requiredKeys: ['view'] },
);

const fieldValue = (field: string) => fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...(GOOD_VALUES[field] ?? ['x'])) }, { weight: 1, arbitrary: nastyString });

/** The inputs a verb's form sends (none for the buttons that open a form or only show a card). */
function formFieldsOf(verb: string): ReadonlyArray<string> {
  const name = Object.entries(REFERRAL_VERBS).find(([, v]) => v === verb)?.[0];
  return name && name in FORM_FIELDS ? FORM_FIELDS[name as keyof typeof FORM_FIELDS] : [];
}

/** Mostly the form's own inputs (all of them, or some), now and then one that belongs elsewhere. */
function fieldsFor(verb: string): fc.Arbitrary<Record<string, string>> {
  const own = formFieldsOf(verb);
  const keys = fc.tuple(
    fc.oneof({ weight: 2, arbitrary: fc.constant([...own]) }, { weight: 1, arbitrary: fc.subarray([...own]) }),
    fc.oneof({ weight: 5, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.subarray(FIELDS, { maxLength: 2 }) }),
  );
  return keys
    .chain(([mine, others]) => fc.tuple(...[...new Set([...mine, ...others])].map((k) => fieldValue(k).map((v) => [k, v] as const))))
    .map((pairs) => Object.fromEntries(pairs));
}

const malformedValue = fc.oneof(
  anyJson,
  fc.record({ action: fc.oneof(anyJson, fc.record({ type: fc.oneof(fc.constant('Action.Execute'), nastyString), verb: anyJson, data: anyJson })) }),
);

const click: fc.Arbitrary<Click> = fc
  .oneof({ weight: 8, arbitrary: fc.constantFrom(...VERBS) }, { weight: 1, arbitrary: nastyString })
  .chain((verb) =>
    fc.record({
      verb: fc.constant(verb),
      who: fc.constantFrom(ADMIN, ADMIN, ADMIN, VIEWER, STRANGER),
      tenantId: fc.constantFrom(TENANT, TENANT, TENANT, TENANT, TENANT, OTHER_TENANT),
      referral: fc.nat(),
      dataTenant: fc.oneof({ weight: 12, arbitrary: fc.constant('same') }, { weight: 1, arbitrary: fc.constant('other') }, { weight: 1, arbitrary: nastyString }),
      version: fc.oneof({ weight: 6, arbitrary: fc.constant('current') }, { weight: 2, arbitrary: fc.constant('stale') }, { weight: 1, arbitrary: nastyString }),
      fields: fieldsFor(verb),
      mutations: fc.oneof({ weight: 3, arbitrary: fc.constant<Mutation[]>([]) }, { weight: 1, arbitrary: mutationsOf() }),
      rawValue: fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: malformedValue }),
      inbox: inboxData,
    }),
  ) as fc.Arbitrary<Click>;

describe('fuzzing card actions (Action.Execute) through the bot', () => {
  let h: Harness;
  let referrals: Array<Versioned<Opportunity>>;

  beforeAll(async () => {
    h = await startHarness();
    await h.roles.ensureFirstAdmin(TENANT, { userId: ADMIN.aadObjectId, name: ADMIN.name });
    await h.roles.grant(TENANT, { userId: ADMIN.aadObjectId }, { userId: VIEWER.aadObjectId, name: VIEWER.name }, 'ReferralUser');
    const admin = { userId: ADMIN.aadObjectId, name: ADMIN.name };
    const received = async (n: number) => (await h.referrals.receiveReferral(inboundReferral({ tenantId: TENANT, id: `fuzz-${n}` }) as never)).opportunity;
    const [r1, r2, r3, r4, r5] = [await received(1), await received(2), await received(3), await received(4), await received(5)];
    const accepted = (
      await h.referrals.accept({ tenantId: TENANT, id: r2.value.id, version: r2.etag }, admin, {
        name: 'Accepted deal',
        dealValue: 1000,
        currency: 'USD',
        closingDateTime: '2027-01-01T00:00:00.000Z',
        team: [{ firstName: 'Avery', lastName: 'Admin', email: 'avery@fabrikam.example', phoneNumber: '+1 425 555 0101' }],
      })
    ).current;
    const declined = (await h.referrals.decline({ tenantId: TENANT, id: r3.value.id, version: r3.etag }, admin, { reason: 1 } as never)).current;
    referrals = [r1, accepted, declined, r4, r5];
  });
  afterAll(() => h.close());

  function activity(c: Click, current: Versioned<Opportunity> | undefined, stored: Versioned<Opportunity>): Partial<Activity> {
    const base = cardAction('x', {}, { who: c.who, tenantId: c.tenantId });
    if (c.rawValue !== undefined) return { ...base, value: c.rawValue };
    const version = c.version === 'current' ? (current?.etag ?? 'gone') : c.version === 'stale' ? `${stored.etag}-stale` : c.version;
    const tenantId = c.dataTenant === 'same' ? TENANT : c.dataTenant === 'other' ? OTHER_TENANT : c.dataTenant;
    const valid =
      c.verb === INBOX_VERBS.page
        ? c.inbox
        : c.verb === REFERRAL_VERBS.view
          ? { referralId: stored.value.id, tenantId }
          : { referralId: stored.value.id, tenantId, version, ...c.fields };
    const data = applyMutations(valid, c.mutations);
    return cardAction(c.verb, data, { who: c.who, tenantId: c.tenantId });
  }

  it('answers every click without an error, and a refused click changes nothing', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(click, async (c) => {
        const stored = referrals[c.referral % referrals.length]!;
        const current = await h.opportunities.get(TENANT, stored.value.id);
        const before = await storeSnapshot(h.store);

        const answer = await invoke(h, activity(c, current, stored));
        await h.app.background.drain();
        const changes = snapshotChanges(before, await storeSnapshot(h.store));

        seen.add(answer.status);
        expect(answer.status).toBeLessThan(500);
        const body = answer.body as { statusCode?: number; type?: string; value?: { code?: unknown; message?: unknown; type?: unknown } };
        if (answer.status >= 400) {
          // A refusal Teams can show: a message, and the store as it was.
          expect(typeof body.value?.message).toBe('string');
          expect(changes).toEqual([]);
        } else {
          expect(body.statusCode ?? 200).toBeLessThan(500);
          if (body.type === 'application/vnd.microsoft.card.adaptive') expect(body.value?.type).toBe('AdaptiveCard');
          // Only a click that went through changes the referral, by exactly one recorded step.
          for (const change of changes) expect(change).toMatch(/^rewrote opportunities\//);
          if (changes.length > 0 && current) {
            const after = (await h.opportunities.get(TENANT, stored.value.id))!;
            expect(after.value.history.length).toBe(current.value.history.length + 1);
          }
        }
      }),
      fuzzParameters(400),
    );
    // The cases reached past the first checks: shown cards, refused data, refused tenants.
    expect([...seen].sort()).toEqual(expect.arrayContaining([200, 400, 403]));
  }, fuzzTimeout(60_000));
});
