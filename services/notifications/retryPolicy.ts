import { z } from 'zod';

/** How failed deliveries are retried: exponential backoff with jitter, then a dead letter. */
export const RetryPolicy = z.object({
  /** Failed attempts (throttling aside) before a notification is dead-lettered. */
  maxAttempts: z.number().int().min(1).max(100),
  baseDelayMs: z.number().int().positive(),
  maxDelayMs: z.number().int().positive(),
});
export type RetryPolicy = z.infer<typeof RetryPolicy>;

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 30_000, maxDelayMs: 3_600_000 };

/**
 * The wait before attempt `attempt + 1` (attempt ≥ 1 failed so far): "equal jitter", half the
 * exponential delay plus a random half, so instances that failed together do not retry together.
 * A Retry-After from the receiver replaces it: never earlier, spread by at most a second.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, random: () => number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return retryAfterMs + Math.round(random() * 1000);
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
