import { DeliveryError, dispositionOfStatus, parseRetryAfter } from '../../services/notifications/deliveryError';

interface HttpFailure {
  statusCode?: unknown;
  response?: { headers?: { get?: (name: string) => string | null | undefined } };
}

/**
 * Reads a Bot Connector failure (RestError from the Bot Framework SDK, which has already retried
 * 429 and 5xx a few times itself): 403/404 on a send mean the bot is no longer in the conversation.
 */
export function teamsDeliveryError(err: unknown, nowMs: number, sending: boolean): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const failure = (err ?? {}) as HttpFailure;
  const message = err instanceof Error ? err.message : String(err);
  const status = typeof failure.statusCode === 'number' ? failure.statusCode : undefined;
  if (status === undefined) return new DeliveryError('retry', message); // network error, timeout
  if (sending && (status === 403 || status === 404)) return new DeliveryError('gone', message, { status });
  const retryAfterMs = parseRetryAfter(failure.response?.headers?.get?.('retry-after'), nowMs);
  return new DeliveryError(dispositionOfStatus(status), message, { status, retryAfterMs, throttled: status === 429 });
}
