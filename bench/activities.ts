/**
 * Teams-shaped requests for the benchmarks: messages, Action.Execute invokes, and signed referrals
 * for the webhook, as Teams and a referral sender would post them.
 */
import { randomUUID } from 'node:crypto';
import { signReferralBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../bot/webhooks/referralWebhook';

export interface Who {
  tenantId: string;
  conversationId: string;
  userId: string;
  name: string;
}

function base(serviceUrl: string, who: Who) {
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl,
    locale: 'en-US',
    from: { id: `29:${who.userId}`, aadObjectId: who.userId, name: who.name },
    recipient: { id: '28:cosell-bot', name: 'Co-sell Bot' },
    conversation: { id: who.conversationId, conversationType: 'personal', tenantId: who.tenantId },
    channelData: { tenant: { id: who.tenantId } },
  };
}

export function message(serviceUrl: string, who: Who, text: string): string {
  return JSON.stringify({ ...base(serviceUrl, who), type: 'message', text, textFormat: 'plain' });
}

export function cardAction(serviceUrl: string, who: Who, verb: string, data: Record<string, unknown>): string {
  return JSON.stringify({
    ...base(serviceUrl, who),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  });
}

/** A new referral as a sender posts it to /api/referrals. */
export function inboundReferral(tenantId: string, n: number): Record<string, unknown> {
  return {
    tenantId,
    id: `bench-ref-${n}-${randomUUID()}`,
    name: `Contoso ${n}: move the lab data warehouse to Azure`,
    type: 'Shared',
    qualification: 'SalesQualified',
    customerProfile: {
      name: `Contoso Pharmaceuticals ${n}`,
      address: { city: 'Seattle', state: 'WA', country: 'US' },
      team: [{ firstName: 'Dana', lastName: 'Reyes', email: 'dana.reyes@contoso.example', phoneNumber: '+1 206 555 0100' }],
    },
    consent: { consentToShareReferralWithMicrosoftSellers: true, consentToContact: true },
    details: {
      notes: 'Wants a partner with migration experience.',
      dealValue: 250000 + n,
      currency: 'USD',
      closingDateTime: '2027-09-30T00:00:00Z',
      requirements: { solutions: [{ id: 'sol-1', name: 'Fabrikam Analytics for Azure', publisherName: 'Fabrikam' }] },
    },
    inviteContext: { notes: 'Call the CIO first.', invitedBy: { organizationName: 'Microsoft', name: 'Sam Seller', email: 'sam@microsoft.example' } },
  };
}

/** Posts a signed body to the referral webhook; returns the status and the parsed answer. */
export async function postReferral(origin: string, secret: string, body: unknown): Promise<{ status: number; body: { id?: string } }> {
  const raw = JSON.stringify(body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const res = await fetch(`${origin}/api/referrals`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: signReferralBody(secret, timestamp, raw),
    },
    body: raw,
  });
  return { status: res.status, body: (await res.json()) as { id?: string } };
}

export async function postActivity(origin: string, body: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${origin}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** Every Action.Execute in a card (at any depth), with its verb and data. */
export function executeActions(card: unknown): Array<{ verb: string; data: Record<string, unknown> }> {
  const found: Array<{ verb: string; data: Record<string, unknown> }> = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.type === 'Action.Execute' && typeof o.verb === 'string') found.push({ verb: o.verb, data: (o.data ?? {}) as Record<string, unknown> });
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** Runs `work` over `items`, at most `parallel` at a time. */
export async function inParallel<T, R>(items: ReadonlyArray<T>, parallel: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!, i);
      }
    }),
  );
  return results;
}
