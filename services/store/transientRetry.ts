/**
 * Retries of store operations that failed for a passing reason: the service was briefly
 * unavailable (503), the request timed out, or the connection dropped. The Cosmos DB SDK retries
 * throttling (429) itself, and retries dropped connections and 503 only for reads (503 only once),
 * so without this layer a write fails the person's turn on the first network hiccup.
 *
 * A write whose connection dropped may still have been applied: callers resolve that when the
 * retry meets its own earlier write (see CosmosCollection), so nothing is lost or done twice.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Delay before the first retry; doubled each time, with jitter, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * No new attempt starts after this long. The SDK's own retries run inside each attempt (a read
   * on a dropped connection is retried by it for up to ten seconds), so the two must not multiply.
   */
  maxElapsedMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 2_000, maxElapsedMs: 10_000 };

/** Statuses that say "not now", never "not this": the same request may succeed on a retry. */
const TRANSIENT_STATUS = new Set([408, 449, 503]);

/** Network-level failures (Node and Azure core codes) and the SDK's own timeout. */
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'REQUEST_SEND_ERROR', 'TimeoutError']);

export function isTransient(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, statusCode, name } = err as { code?: unknown; statusCode?: unknown; name?: unknown };
  if (typeof code === 'number') return TRANSIENT_STATUS.has(code);
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  if (typeof statusCode === 'number' && TRANSIENT_STATUS.has(statusCode)) return true;
  return name === 'TimeoutError';
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `operation` until it succeeds, fails for a lasting reason, or runs out of attempts.
 * `attempt` (0 first) lets a write know that an earlier attempt may have been applied.
 */
export async function withRetry<R>(policy: RetryPolicy, operation: (attempt: number) => Promise<R>): Promise<R> {
  const deadline = Date.now() + policy.maxElapsedMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (err) {
      if (attempt + 1 >= policy.attempts || !isTransient(err)) throw err;
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
      const delay = ceiling / 2 + Math.random() * (ceiling / 2);
      if (Date.now() + delay > deadline) throw err;
      await sleep(delay);
    }
  }
}
