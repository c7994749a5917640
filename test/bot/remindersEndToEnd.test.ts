import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signReferralBody } from '../../bot/webhooks/referralWebhook';
import { ManualClock } from '../../services/clock';
import { ConversationRepository } from '../../services/conversations/conversationRepository';
import { OpportunityRepository } from '../../services/opportunities/opportunityRepository';
import { cardProblems } from '../helpers/adaptiveCards';
import { postActivity, startBot, type StartedBot } from '../helpers/botServer';
import { LocalConnector, type ReceivedActivity } from '../helpers/localConnector';
import { inboundReferral } from '../helpers/referrals';
import { teamsMemberAdded } from '../helpers/teamsActivities';

const REFERRAL_SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const JOBS_SECRET = 'jobs-secret-that-is-long-enough-000000000000';
const SENDER_SECRET = 'sender-secret-that-is-long-enough-111111111111';
const TENANT = '11111111-2222-3333-4444-555555555555';
const RECEIVED = '2026-11-05T09:00:00.000Z';
const DAY = 24 * 60 * 60 * 1000;

type Card = { body?: unknown[]; actions?: Array<{ title?: string; verb?: string; data?: Record<string, unknown> }> };
const cardOf = (a: ReceivedActivity) => ((a.body.attachments as Array<{ content: Card }> | undefined)?.[0]?.content ?? {}) as Card;
const text = (card: Card) => JSON.stringify(card);

/** The referral sender's end of SENDER_WEBHOOK_URL: records each signed notification. */
class SenderReceiver {
  readonly received: Array<{ eventId: string; signatureOk: boolean; body: Record<string, unknown> }> = [];
  private server?: http.Server;
  constructor(private readonly secret: string) {}
  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/referral-updates`;
  }
  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const timestamp = String(req.headers['x-cosell-timestamp']);
        this.received.push({
          eventId: String(req.headers['x-cosell-event-id']),
          signatureOk: req.headers['x-cosell-signature'] === signReferralBody(this.secret, timestamp, raw),
          body: JSON.parse(raw) as Record<string, unknown>,
        });
        res.writeHead(204);
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }
  stop(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }
}

describe('reminders and expiry over HTTP, as Teams and a timer see them', () => {
  let connector: LocalConnector;
  let sender: SenderReceiver;
  let bot: StartedBot;
  let clock: ManualClock;
  let repo: OpportunityRepository;

  beforeAll(async () => {
    connector = new LocalConnector();
    await connector.start();
    sender = new SenderReceiver(SENDER_SECRET);
    await sender.start();
    clock = new ManualClock(RECEIVED);
    bot = await startBot(undefined, {
      clock,
      env: { REFERRAL_WEBHOOK_SECRET: REFERRAL_SECRET, JOBS_SECRET, SENDER_WEBHOOK_URL: sender.url, SENDER_WEBHOOK_SECRET: SENDER_SECRET },
    });
    repo = new OpportunityRepository(bot.app.store);
    // The admin installs the bot in their personal chat.
    const installed = await postActivity(bot.url, teamsMemberAdded({ serviceUrl: connector.url, conversationId: 'a:admin-chat', tenantId: TENANT }));
    expect(installed.status).toBeLessThan(300);
  });
  afterAll(async () => {
    await bot.stop();
    await sender.stop();
    await connector.stop();
  });

  const sign = (secret: string, body: string) => {
    const ts = String(Math.floor(clock.now().getTime() / 1000));
    return { 'content-type': 'application/json', 'x-cosell-timestamp': ts, 'x-cosell-signature': signReferralBody(secret, ts, body) };
  };
  const receive = async (id: string) => {
    const body = JSON.stringify(inboundReferral({ tenantId: TENANT, id }));
    const res = await fetch(`${bot.url}/api/referrals`, { method: 'POST', headers: sign(REFERRAL_SECRET, body), body });
    expect(res.status).toBe(201);
    await bot.app.background.drain();
    return ((await res.json()) as { id: string }).id;
  };
  const sweep = async () => {
    const res = await fetch(`${bot.url}/api/jobs/sweep`, { method: 'POST', headers: sign(JOBS_SECRET, '{}'), body: '{}' });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  };
  const click = (verb: string, data: Record<string, unknown>) =>
    postActivity(bot.url, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      channelId: 'msteams',
      serviceUrl: connector.url,
      from: { id: '29:user-1', name: 'Avery Seller', aadObjectId: 'aad-user-1' },
      recipient: { id: '28:cosell-bot', name: 'Co-sell Bot' },
      conversation: { id: 'a:admin-chat', conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    });

  it('refuses an unsigned sweep request and stores nothing', async () => {
    const res = await fetch(`${bot.url}/api/jobs/sweep`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsigned');
  });

  it('posts the 7-day reminder as the referral card, and Accept on it works straight away', async () => {
    clock.set(RECEIVED);
    const id = await receive('pc-remind');
    expect(await sweep()).toMatchObject({ ran: true, remindersQueued: 0 }); // plans the reminders

    clock.set(new Date(Date.parse(RECEIVED) + 7 * DAY));
    const report = await sweep();
    expect(report).toMatchObject({ ran: true, remindersQueued: 1, remindersSent: 1, delivered: 1 });
    const reminder = await connector.waitFor((a) => a.method === 'POST' && a.conversationId === 'a:admin-chat' && text(cardOf(a)).includes('Reminder: this referral'));
    const card = cardOf(reminder);
    expect(cardProblems(card)).toEqual([]);
    expect(text(card)).toContain('7 days left to respond');
    expect(card.actions?.map((a) => a.title)).toEqual(['Accept', 'Decline', '♡ Favorite']);
    // Delivering the reminder rewrote the document (the outbox), yet the card is not stale.
    expect((await repo.get(TENANT, id))!.value.outbox).toEqual([]);

    const accept = card.actions![0]!;
    const form = await click(accept.verb!, accept.data!);
    expect(form.status).toBe(200);
    const formCard = ((await form.json()) as { value: Card }).value;
    expect(text(formCard)).toContain('Accept \\"Contoso: move the lab data warehouse to Azure\\"');
    const submit = formCard.actions![0]!;
    const done = await click(submit.verb!, {
      ...submit.data,
      name: 'Contoso warehouse',
      dealValue: '250000',
      currency: 'USD',
      closingDate: '2027-03-31',
      notes: '',
      crmId: '',
      campaignId: '',
      employee1Name: 'Avery Seller',
      employee1Email: 'avery@fabrikam.example',
      employee1Phone: '+1 425 555 0101',
      employee2Name: '',
      employee2Email: '',
      employee2Phone: '',
    });
    expect(done.status).toBe(200);
    expect(text(((await done.json()) as { value: Card }).value)).toContain('Accepted. The deal is now in progress.');
    expect((await repo.get(TENANT, id))!.value.substatus).toBe('Accepted');
    // Answered: no more reminders for it.
    clock.set(new Date(Date.parse(RECEIVED) + 11 * DAY));
    expect(await sweep()).toMatchObject({ remindersQueued: 0 });
  });

  it('expires an unanswered referral at 14 days: card updated in place, owner told, sender notified (signed, with an event id)', async () => {
    clock.set(RECEIVED);
    const id = await receive('pc-expire');
    clock.set(new Date(Date.parse(RECEIVED) + 14 * DAY + 1000));
    const report = await sweep();
    expect(report).toMatchObject({ referralsExpired: 1, deadLettered: 0 });
    expect((await repo.get(TENANT, id))!.value).toMatchObject({ substatus: 'Expired', outbox: [] });

    const updated = await connector.waitFor((a) => a.method === 'PUT' && text(cardOf(a)).includes('Expired unanswered'));
    expect(updated.conversationId).toBe('a:admin-chat');
    const notice = await connector.waitFor((a) => a.method === 'POST' && text(cardOf(a)).includes('Nobody answered this referral in time'));
    expect(cardProblems(cardOf(notice))).toEqual([]);
    const told = sender.received.filter((r) => r.eventId === `${id}:expired`);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({
      signatureOk: true,
      body: { eventName: 'referral-updated', referral: { id: 'pc-expire', status: 'Closed', substatus: 'Expired' } },
    });
  });

  it('a reminder throttled by Teams (429, Retry-After) still arrives; a 403 makes the bot forget the chat', async () => {
    clock.set(RECEIVED);
    await receive('pc-throttle');
    await sweep();
    let throttled = 0;
    connector.respond = (req) => (req.method === 'POST' && throttled++ === 0 ? { status: 429, headers: { 'retry-after': '1' } } : undefined);
    clock.set(new Date(Date.parse(RECEIVED) + 7 * DAY));
    expect(await sweep()).toMatchObject({ remindersSent: 1 });
    expect(throttled).toBeGreaterThan(1);

    connector.respond = (req) => (req.method === 'POST' ? { status: 403 } : undefined);
    clock.set(new Date(Date.parse(RECEIVED) + 11 * DAY));
    expect(await sweep()).toMatchObject({ remindersQueued: 1, remindersSent: 0, conversationsPruned: 1 });
    connector.respond = undefined;
    expect(await new ConversationRepository(bot.app.store).get(TENANT, 'a:admin-chat')).toBeUndefined();
  });
});

describe('POST /api/jobs/sweep without JOBS_SECRET', () => {
  it('answers 503 "not configured"', async () => {
    const bot = await startBot();
    try {
      const res = await fetch(`${bot.url}/api/jobs/sweep`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'not_configured', message: expect.stringContaining('JOBS_SECRET') });
    } finally {
      await bot.stop();
    }
  });
});
