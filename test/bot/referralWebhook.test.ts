import { signReferralBody } from '../../bot/webhooks/referralWebhook';
import { ManualClock } from '../../services/clock';
import { OpportunityRepository } from '../../services/opportunities/opportunityRepository';
import { cardProblems } from '../helpers/adaptiveCards';
import { postActivity, startBot, type StartedBot } from '../helpers/botServer';
import { LocalConnector } from '../helpers/localConnector';
import { inboundReferral } from '../helpers/referrals';
import { teamsMemberAdded } from '../helpers/teamsActivities';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const TENANT = '11111111-2222-3333-4444-555555555555';
const NOW = new Date('2026-11-05T09:00:00.000Z');
const nowSeconds = () => String(Math.floor(NOW.getTime() / 1000));

type Card = { body?: Array<{ text?: string }>; actions?: Array<{ title?: string; data?: Record<string, unknown> }> };
const cardOf = (body: Record<string, unknown>) => ((body.attachments as Array<{ content: Card }> | undefined)?.[0]?.content ?? {}) as Card;
const textsOf = (card: Card) => JSON.stringify(card);

describe('POST /api/referrals over HTTP', () => {
  let connector: LocalConnector;
  let bot: StartedBot;
  let repo: OpportunityRepository;

  beforeAll(async () => {
    connector = new LocalConnector();
    await connector.start();
    bot = await startBot(undefined, { env: { REFERRAL_WEBHOOK_SECRET: SECRET }, clock: new ManualClock(NOW) });
    repo = new OpportunityRepository(bot.app.store);
    // The admin installs the bot in a personal chat: they become its MPN partner admin, and the
    // bot remembers where to reach them.
    const installed = await postActivity(bot.url, teamsMemberAdded({ serviceUrl: connector.url, conversationId: 'a:admin-chat', tenantId: TENANT }));
    expect(installed.status).toBeLessThan(300);
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${bot.url}/api/referrals`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const signed = (body: string, timestamp = nowSeconds(), secret = SECRET) =>
    post(body, { 'x-cosell-timestamp': timestamp, 'x-cosell-signature': signReferralBody(secret, timestamp, body) });
  const stored = async () => (await repo.list(TENANT, { pageSize: 100 })).items;

  describe('refusals store nothing and name the problem', () => {
    afterEach(async () => {
      expect(await stored()).toHaveLength(0);
    });
    const body = JSON.stringify(inboundReferral({ tenantId: TENANT, id: 'refused' }));

    it.each<[string, () => Promise<Response>, number, string]>([
      ['unsigned', () => post(body, {}), 401, 'unsigned'],
      ['signed with the wrong secret', () => signed(body, nowSeconds(), 'another-secret-that-is-long-enough-987654'), 401, 'bad_signature'],
      ['signature over other bytes', () => post(body + ' ', { 'x-cosell-timestamp': nowSeconds(), 'x-cosell-signature': signReferralBody(SECRET, nowSeconds(), body) }), 401, 'bad_signature'],
      ['older than 5 minutes', () => signed(body, String(Number(nowSeconds()) - 301)), 401, 'stale_timestamp'],
      ['a timestamp that is not unix seconds', () => signed(body, '2026-11-05T09:00:00Z'), 401, 'bad_timestamp'],
      ['oversized', () => signed(JSON.stringify({ ...inboundReferral({ tenantId: TENANT }), padding: 'x'.repeat(300 * 1024) })), 413, 'too_large'],
      ['not JSON', () => signed('{"tenantId": '), 400, 'invalid_json'],
      ['not a valid referral', () => signed(JSON.stringify(inboundReferral({ tenantId: TENANT, details: { dealValue: 'lots' } }))), 422, 'invalid_referral'],
      ['an update for an unknown referral', () => signed(JSON.stringify({ eventType: 'referral-updated', tenantId: TENANT, id: 'nope' })), 404, 'unknown_referral'],
    ])('%s', async (_case, send, status, code) => {
      const res = await send();
      expect(res.status).toBe(status);
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(json.error.code).toBe(code);
      expect(json.error.message.length).toBeGreaterThan(10);
    });

    it('names the invalid field', async () => {
      const res = await signed(JSON.stringify(inboundReferral({ tenantId: TENANT, name: '' })));
      expect(((await res.json()) as { error: { problems: Array<{ path: string }> } }).error.problems.map((p) => p.path)).toContain('name');
    });
  });

  it('creates the referral (201), posts its card to the admin, and answers a repeat with 200', async () => {
    const body = JSON.stringify(inboundReferral({ tenantId: TENANT, id: 'pc-new-1' }));
    const first = await signed(body);
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string; status: string };
    expect(created.status).toBe('created');

    const delivered = await connector.waitFor(
      (a) => a.method === 'POST' && a.conversationId === 'a:admin-chat' && textsOf(cardOf(a.body)).includes('Contoso: move the lab data warehouse'),
    );
    const card = cardOf(delivered.body);
    expect(cardProblems(card)).toEqual([]);
    expect(card.actions?.map((a) => a.title)).toEqual(['Accept', 'Decline', '♡ Favorite']);
    expect(textsOf(card)).toContain('14 days left to respond');

    const again = await signed(body);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: created.id, status: 'duplicate' });
    const racing = await Promise.all(Array.from({ length: 5 }, () => signed(JSON.stringify(inboundReferral({ tenantId: TENANT, id: 'pc-race' })))));
    expect(racing.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect((await stored()).map((o) => o.value.externalId).sort()).toEqual(['pc-new-1', 'pc-race']);
    await bot.app.background.drain();

    // A click on the posted card, over HTTP like Teams: the answer is the invoke response itself.
    const decline = card.actions![1]!;
    expect(decline.title).toBe('Decline');
    const click = await postActivity(bot.url, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      channelId: 'msteams',
      serviceUrl: connector.url,
      id: 'invoke-1',
      from: { id: '29:user-1', name: 'Avery Seller', aadObjectId: 'aad-user-1' },
      recipient: { id: '28:cosell-bot', name: 'Co-sell Bot' },
      conversation: { id: 'a:admin-chat', conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
      replyToId: delivered.body.id,
      value: { action: { type: 'Action.Execute', verb: 'referral.declineForm', data: decline.data }, trigger: 'manual' },
    });
    expect(click.status).toBe(200);
    const answer = (await click.json()) as { statusCode: number; type: string; value: Card };
    expect(answer).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(textsOf(answer.value)).toContain('Decline \\"Contoso: move the lab data warehouse to Azure\\"');
  });

  it('applies the sender’s update through the lifecycle and updates the posted card in place', async () => {
    const body = JSON.stringify(inboundReferral({ tenantId: TENANT, id: 'pc-upd' }));
    expect((await signed(body)).status).toBe(201);
    await bot.app.background.drain();
    const update = JSON.stringify({ eventType: 'referral-updated', tenantId: TENANT, id: 'pc-upd', status: 'Closed', substatus: 'Expired', statusReason: 'Withdrawn' });
    const res = await signed(update);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'updated' });
    const put = await connector.waitFor((a) => a.method === 'PUT' && textsOf(cardOf(a.body)).includes('Expired unanswered'));
    expect(put.conversationId).toBe('a:admin-chat');
    expect(cardProblems(cardOf(put.body))).toEqual([]);
    expect((await signed(update)).status).toBe(200);
    const illegal = await signed(JSON.stringify({ eventType: 'referral-updated', tenantId: TENANT, id: 'pc-upd', substatus: 'Won' }));
    expect(illegal.status).toBe(409);
  });
});

describe('POST /api/referrals without a secret', () => {
  it('answers 503 "not configured" and stores nothing', async () => {
    const bot = await startBot();
    try {
      const res = await fetch(`${bot.url}/api/referrals`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_configured');
    } finally {
      await bot.stop();
    }
  });
});
