import type { Clock } from '../../services/clock';
import { DeliveryError, dispositionOfStatus, parseRetryAfter } from '../../services/notifications/deliveryError';
import type { SenderEvent } from '../../services/notifications/notificationSender';
import { signReferralBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './referralWebhook';

/** Names the notification, stable across retries: receivers drop repeats by it. */
export const EVENT_ID_HEADER = 'x-cosell-event-id';

const TIMEOUT_MS = 10_000;

/**
 * Tells a referral's sender what became of it (declined, expired): POSTs the Referrals API
 * `referral-updated` event to SENDER_WEBHOOK_URL, signed like inbound referrals are (HMAC-SHA256
 * over "timestamp.body" with SENDER_WEBHOOK_SECRET).
 */
export class SenderWebhookClient {
  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly clock: Clock,
  ) {}

  async deliver(event: SenderEvent): Promise<void> {
    const body = JSON.stringify(event.payload);
    const timestamp = String(Math.floor(this.clock.now().getTime() / 1000));
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signReferralBody(this.secret, timestamp, body),
          [EVENT_ID_HEADER]: event.id,
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new DeliveryError('retry', `sender webhook unreachable: ${err instanceof Error ? err.message : String(err)}`);
    }
    await res.arrayBuffer().catch(() => undefined); // let the connection be reused
    if (res.ok) return;
    const status = res.status;
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), Date.now());
    // A misconfigured secret (401/403) is fixed by people, then the retries get through.
    const disposition = status === 401 || status === 403 ? 'retry' : dispositionOfStatus(status);
    throw new DeliveryError(disposition, `sender webhook answered ${status}`, { status, retryAfterMs, throttled: status === 429 });
  }
}
