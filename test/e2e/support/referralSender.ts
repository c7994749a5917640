import { createHmac } from 'node:crypto';

/**
 * Posts to POST /api/referrals exactly as docs/referral-webhook.md tells a sender to: the body's
 * bytes signed with HMAC-SHA256 over "timestamp.body" under the shared secret.
 */
export async function sendReferral(botUrl: string, secret: string, event: object): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = JSON.stringify(event);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  const res = await fetch(`${botUrl}/api/referrals`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-cosell-timestamp': timestamp, 'x-cosell-signature': `sha256=${signature}` },
    body,
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
