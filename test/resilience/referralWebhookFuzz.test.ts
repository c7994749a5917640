import fc from 'fast-check';
import { signReferralBody } from '../../bot/webhooks/referralWebhook';
import { startBot, type StartedBot } from '../helpers/botServer';
import { anyJson, applyMutations, fuzzParameters, fuzzTimeout, mutationsOf, nastyString, type Mutation } from '../helpers/fuzz';
import { inboundReferral } from '../helpers/referrals';
import { snapshotChanges, storeSnapshot } from '../helpers/storeSnapshot';

/**
 * POST /api/referrals with random and mutated bodies, signed so that they get past the signature
 * check and reach validation (and a few that are not): never a 5xx, every refusal names its
 * problem in the documented shape and stores nothing, and every acceptance stores exactly what it
 * says it did.
 */

const SECRET = 'a-fuzzing-secret-that-is-long-enough-0123456789';
const TENANT = 'tenant-fuzz';
const KNOWN = ['known-1', 'known-2', 'known-3'];

type Signing = 'good' | 'none' | 'wrongSecret' | 'stale';

interface Case {
  body: { json: unknown } | { raw: string };
  signing: Signing;
  contentType: string;
}

const STATUSES = ['New', 'Active', 'Closed'];
const SUBSTATUSES = ['Pending', 'Received', 'Accepted', 'Engaged', 'Declined', 'Won', 'Lost', 'Expired', 'Error'];
const dateTime = fc.oneof(fc.constantFrom('2027-03-31T00:00:00Z', '2026-11-01T10:00:00.000+02:00', '2020-01-01T00:00:00Z'), nastyString);

const created = fc
  .record({
    tenantId: fc.oneof({ weight: 6, arbitrary: fc.constant(TENANT) }, { weight: 1, arbitrary: nastyString }),
    id: fc.oneof(fc.uuid(), fc.constantFrom(...KNOWN), nastyString),
    mutations: fc.oneof({ weight: 1, arbitrary: fc.constant<Mutation[]>([]) }, { weight: 3, arbitrary: mutationsOf() }),
  })
  .map(({ tenantId, id, mutations }) => applyMutations(inboundReferral({ tenantId, id }), mutations));

const updated = fc
  .record(
    {
      eventType: fc.constant('referral-updated'),
      tenantId: fc.oneof({ weight: 6, arbitrary: fc.constant(TENANT) }, { weight: 1, arbitrary: nastyString }),
      id: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KNOWN) }, { weight: 1, arbitrary: nastyString }),
      name: fc.oneof(fc.constant('Renamed by the sender'), nastyString),
      status: fc.oneof(fc.constantFrom(...STATUSES), nastyString),
      substatus: fc.oneof(fc.constantFrom(...SUBSTATUSES), nastyString),
      details: fc.record(
        { dealValue: fc.oneof(fc.nat(), anyJson), currency: fc.oneof(fc.constantFrom('USD', 'EUR', 'usd'), nastyString), closingDateTime: dateTime, notes: nastyString },
        { requiredKeys: [] },
      ),
      expirationDateTime: dateTime,
      statusReason: nastyString,
    },
    { requiredKeys: ['eventType', 'tenantId', 'id'] },
  )
  .chain((event) => mutationsOf({ min: 0, max: 2 }).map((m) => applyMutations(event, m)));

const fuzzCase: fc.Arbitrary<Case> = fc.record({
  body: fc.oneof(
    { weight: 4, arbitrary: created.map((json) => ({ json })) },
    { weight: 3, arbitrary: updated.map((json) => ({ json })) },
    { weight: 2, arbitrary: anyJson.map((json) => ({ json })) },
    { weight: 1, arbitrary: nastyString.map((raw) => ({ raw })) },
  ),
  signing: fc.oneof({ weight: 12, arbitrary: fc.constant<Signing>('good') }, { weight: 1, arbitrary: fc.constantFrom<Signing>('none', 'wrongSecret', 'stale') }),
  contentType: fc.oneof({ weight: 12, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/json; charset=utf-8', '') }),
});

describe('fuzzing POST /api/referrals', () => {
  let bot: StartedBot;

  const post = (raw: string, signing: Signing, contentType: string) => {
    const now = Math.floor(Date.now() / 1000);
    const timestamp = String(signing === 'stale' ? now - 3600 : now);
    const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
    if (signing !== 'none') {
      headers['x-cosell-timestamp'] = timestamp;
      headers['x-cosell-signature'] = signReferralBody(signing === 'wrongSecret' ? `${SECRET}-not` : SECRET, timestamp, raw);
    }
    return fetch(`${bot.url}/api/referrals`, { method: 'POST', headers, body: raw });
  };

  beforeAll(async () => {
    bot = await startBot(undefined, { env: { REFERRAL_WEBHOOK_SECRET: SECRET } });
    for (const id of KNOWN) expect((await post(JSON.stringify(inboundReferral({ tenantId: TENANT, id })), 'good', 'application/json')).status).toBe(201);
    await bot.app.background.drain();
  });
  afterAll(() => bot.stop());

  it('answers every body without a 5xx; refusals name the problem and store nothing', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(fuzzCase, async (c) => {
        const raw = 'raw' in c.body ? c.body.raw : (JSON.stringify(c.body.json) ?? 'null');
        const before = await storeSnapshot(bot.app.store);
        const res = await post(raw, c.signing, c.contentType);
        const answer = (await res.json()) as { error?: { code?: unknown; message?: unknown; problems?: unknown }; status?: unknown };
        await bot.app.background.drain();
        const changes = snapshotChanges(before, await storeSnapshot(bot.app.store));
        seen.add(res.status);

        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          expect(typeof answer.error?.code).toBe('string');
          expect(typeof answer.error?.message).toBe('string');
          if (res.status === 422) {
            expect(Array.isArray(answer.error?.problems)).toBe(true);
            for (const p of answer.error!.problems as Array<{ path?: unknown; message?: unknown }>) {
              expect(typeof p.path).toBe('string');
              expect(typeof p.message).toBe('string');
            }
          }
          expect(changes).toEqual([]);
        } else if (res.status === 201) {
          expect(answer.status).toBe('created');
          expect(changes).toHaveLength(1);
          expect(changes[0]).toMatch(/^added opportunities\//);
        } else {
          expect(res.status).toBe(200);
          if (answer.status === 'updated') {
            expect(changes).toHaveLength(1);
            expect(changes[0]).toMatch(/^rewrote opportunities\//);
          } else {
            expect(['duplicate', 'unchanged']).toContain(answer.status);
            expect(changes).toEqual([]);
          }
        }
      }),
      fuzzParameters(300),
    );
    // Cases got past the signature to validation, and some all the way through.
    expect([...seen]).toEqual(expect.arrayContaining([200, 201, 401, 422]));
  }, fuzzTimeout(60_000));
});
