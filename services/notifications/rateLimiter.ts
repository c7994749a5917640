import { z } from 'zod';

/**
 * Teams' proactive-send limits, kept in configuration because Microsoft may change them:
 * per bot per conversation 7/1 s, 8/2 s, 60/30 s, 1,800/3,600 s; per app per tenant 50/s.
 */
export const RateWindow = z.object({ limit: z.number().int().positive(), perMs: z.number().int().positive() });
export type RateWindow = z.infer<typeof RateWindow>;

export const RateLimits = z.object({
  perConversation: z.array(RateWindow).min(1),
  perTenant: z.array(RateWindow).min(1),
});
export type RateLimits = z.infer<typeof RateLimits>;

export const TEAMS_RATE_LIMITS: RateLimits = {
  perConversation: [
    { limit: 7, perMs: 1_000 },
    { limit: 8, perMs: 2_000 },
    { limit: 60, perMs: 30_000 },
    { limit: 1_800, perMs: 3_600_000 },
  ],
  perTenant: [{ limit: 50, perMs: 1_000 }],
};

/**
 * A limiter over several "at most N per T" windows at once. Each window is a token bucket whose
 * tokens come back exactly T after they were spent (a sliding log), which is the tightest bucket
 * that never exceeds "N in any T": a classic refill-rate bucket would either allow 2N at a window
 * edge or waste capacity. `reserve` never drops a send: it says when the send may go. Each key's
 * sends are reserved in order, never earlier than the key's last reservation.
 */
export class SlidingWindowLimiter {
  private readonly sent = new Map<string, number[]>();

  constructor(private readonly windows: ReadonlyArray<RateWindow>) {}

  /** The earliest time (ms) at or after `now` when one more send under `key` fits every window. */
  earliest(key: string, now: number): number {
    const log = this.sent.get(key) ?? [];
    // Sends under one key go in order (FIFO), so a window never has to look past `at`.
    let at = Math.max(now, log[log.length - 1] ?? now);
    for (const w of this.windows) {
      // Sends still inside the window that would end at `at`.
      const inWindow = log.filter((t) => t > at - w.perMs);
      if (inWindow.length >= w.limit) {
        // Wait until enough of them leave: the (count - limit + 1)-th oldest must be T old.
        const oldest = inWindow[inWindow.length - w.limit];
        if (oldest !== undefined) at = Math.max(at, oldest + w.perMs);
      }
    }
    return at;
  }

  /** Records a send at `at` (which should come from `earliest`). */
  record(key: string, at: number): void {
    const longest = Math.max(...this.windows.map((w) => w.perMs));
    const log = (this.sent.get(key) ?? []).filter((t) => t > at - longest);
    log.push(at);
    this.sent.set(key, log);
  }

  /** Reserves the earliest slot for `key` and returns it. */
  reserve(key: string, now: number): number {
    const at = this.earliest(key, now);
    this.record(key, at);
    return at;
  }
}

/**
 * How much longer than Teams' windows the bot paces itself, as a fraction (0.05: 5 %). The limiter
 * reserves send times, but Teams counts arrivals: a post held up a few milliseconds (a busy event
 * loop, the posts before it in a burst) arrives later than the one reserved a window after it
 * expects, and that window then holds one post too many (429, and the SDK's retry of it displaces
 * the next). Lengthening every window a little absorbs that jitter, for a throughput that much
 * lower. Configured by TEAMS_RATE_LIMIT_MARGIN_PERCENT.
 */
export const DEFAULT_PACING_MARGIN = 0.05;

/**
 * The tenant's limit is also kept over each 1/TENANT_BURST_PARTS of its window (50/s: also 10 per
 * 200 ms). Sends reserved for the same instant leave one after another, so a burst of 50 arrives
 * spread over many milliseconds, and differently each time; bursts of 10 spread over little. The
 * long-run rate is unchanged. (Per conversation, Teams' own 7/s already keeps bursts small.)
 */
export const TENANT_BURST_PARTS = 5;

/** The same windows, each `margin` (a fraction) longer. */
export function lengthened(windows: ReadonlyArray<RateWindow>, margin: number): RateWindow[] {
  return windows.map((w) => ({ limit: w.limit, perMs: Math.ceil(w.perMs * (1 + margin)) }));
}

/** The windows, plus each one's limit kept over every 1/parts of it (same long-run rate, shorter bursts). */
export function withShortBursts(windows: ReadonlyArray<RateWindow>, parts: number): RateWindow[] {
  const shorter = parts > 1 ? windows.filter((w) => w.limit >= parts).map((w) => ({ limit: Math.ceil(w.limit / parts), perMs: Math.floor(w.perMs / parts) })) : [];
  return [...windows, ...shorter.filter((w) => w.perMs > 0)];
}

export interface PacingOptions {
  /** See DEFAULT_PACING_MARGIN. */
  margin?: number;
  /** See TENANT_BURST_PARTS; 1 lets the tenant's whole limit go at once. */
  tenantBurstParts?: number;
}

/**
 * Both Teams scopes together: a send must fit its conversation's windows and its tenant's (see
 * PacingOptions for the margin and the tenant's shorter bursts). Returns the time at which the
 * send may go; the caller waits until then.
 */
export class TeamsSendLimiter {
  private readonly conversations: SlidingWindowLimiter;
  private readonly tenants: SlidingWindowLimiter;

  constructor(limits: RateLimits = TEAMS_RATE_LIMITS, options: PacingOptions = {}) {
    const margin = options.margin ?? DEFAULT_PACING_MARGIN;
    if (!(margin >= 0)) throw new RangeError('the pacing margin must be 0 or more');
    this.conversations = new SlidingWindowLimiter(lengthened(limits.perConversation, margin));
    this.tenants = new SlidingWindowLimiter(withShortBursts(lengthened(limits.perTenant, margin), options.tenantBurstParts ?? TENANT_BURST_PARTS));
  }

  /** When a send could go, without reserving it. */
  earliest(tenantId: string, conversationId: string, now: number): number {
    let at = now;
    // Find a time that suits both; each step only moves forward, so this settles quickly.
    for (let i = 0; i < 100; i++) {
      const next = Math.max(this.conversations.earliest(conversationId, at), this.tenants.earliest(tenantId, at));
      if (next === at) break;
      at = next;
    }
    return at;
  }

  /** Records a send at `at` (which should come from `earliest`). */
  record(tenantId: string, conversationId: string, at: number): void {
    this.conversations.record(conversationId, at);
    this.tenants.record(tenantId, at);
  }

  reserve(tenantId: string, conversationId: string, now: number): number {
    const at = this.earliest(tenantId, conversationId, now);
    this.record(tenantId, conversationId, at);
    return at;
  }
}
