/**
 * How a failed delivery should be handled, decided by whoever knows the channel (Teams, the
 * sender's webhook):
 * * `retry`: try again later (network errors, 412, 5xx); `throttled` marks a 429, which is retried
 *   without counting towards giving up, never before `retryAfterMs`.
 * * `gone`: the conversation no longer exists for the bot (403/404 on a send): forget it.
 * * `fatal`: the receiver refuses this notification for good: dead-letter it now.
 */
export type DeliveryDisposition = 'retry' | 'gone' | 'fatal';

export class DeliveryError extends Error {
  constructor(
    readonly disposition: DeliveryDisposition,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; throttled?: boolean } = {},
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Seconds or an HTTP date, as Retry-After may carry; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** The usual HTTP reading: which statuses are worth retrying (Teams' guidance adds 412). */
export function dispositionOfStatus(status: number): DeliveryDisposition {
  if (status === 408 || status === 412 || status === 429 || status >= 500) return 'retry';
  return 'fatal';
}
