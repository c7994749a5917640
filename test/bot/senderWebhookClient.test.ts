import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EVENT_ID_HEADER, SenderWebhookClient } from '../../bot/webhooks/senderWebhookClient';
import { signReferralBody } from '../../bot/webhooks/referralWebhook';
import { ManualClock } from '../../services/clock';
import { DeliveryError } from '../../services/notifications/deliveryError';
import type { SenderEvent } from '../../services/notifications/notificationSender';

const SECRET = 'sender-secret-that-is-long-enough-111111111111';
const event: SenderEvent = {
  id: 'ref-1:declined',
  kind: 'referral-updated',
  createdAt: '2026-11-05T09:00:00.000Z',
  payload: {
    eventName: 'referral-updated',
    referral: { id: 'pc-1', status: 'Closed', substatus: 'Declined', declineReason: 3, updatedDateTime: '2026-11-05T09:00:00.000Z' },
  },
};

describe('the sender webhook client', () => {
  let server: http.Server;
  let url: string;
  let answer: { status: number; headers?: Record<string, string> } = { status: 200 };
  const seen: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
  const clock = new ManualClock('2026-11-05T09:00:00.000Z');

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(answer.status, answer.headers);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts the referral-updated event signed like inbound referrals, with its stable event id', async () => {
    answer = { status: 204 };
    await new SenderWebhookClient(url, SECRET, clock).deliver(event);
    const { headers, body } = seen.at(-1)!;
    expect(JSON.parse(body)).toEqual(event.payload);
    expect(headers[EVENT_ID_HEADER]).toBe('ref-1:declined');
    expect(headers['x-cosell-timestamp']).toBe(String(Date.parse('2026-11-05T09:00:00.000Z') / 1000));
    expect(headers['x-cosell-signature']).toBe(signReferralBody(SECRET, String(headers['x-cosell-timestamp']), body));
  });

  it.each<[number, Record<string, string>, string, Partial<DeliveryError['details']>]>([
    [429, { 'retry-after': '30' }, 'retry', { retryAfterMs: 30_000, throttled: true }],
    [503, {}, 'retry', { status: 503 }],
    [412, {}, 'retry', { status: 412 }],
    [401, {}, 'retry', { status: 401 }],
    [400, {}, 'fatal', { status: 400 }],
  ])('reads a %i answer as %s', async (status, headers, disposition, details) => {
    answer = { status, headers };
    const err = await new SenderWebhookClient(url, SECRET, clock).deliver(event).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).disposition).toBe(disposition);
    expect((err as DeliveryError).details).toMatchObject(details);
  });

  it('retries when the receiver cannot be reached', async () => {
    const err = await new SenderWebhookClient('http://127.0.0.1:1/hook', SECRET, clock).deliver(event).catch((e: unknown) => e);
    expect(err).toMatchObject({ disposition: 'retry' });
  });
});
