import type { TeamsSendLimiter } from './rateLimiter';

/** Real time for pacing sends (rate limits are about the wall clock, not domain time). */
export interface Timer {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}

export const realTimer: Timer = {
  nowMs: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Holds each proactive send until Teams' limits allow it (per conversation and per tenant): a
 * burst waits its turn, nothing is dropped. The limiter counts this process's sends; several
 * instances each keep to the limits on their own, and Teams' 429s (with Retry-After) cover the rest.
 */
export class SendPacer {
  constructor(
    private readonly limiter: TeamsSendLimiter,
    private readonly timer: Timer = realTimer,
  ) {}

  async waitTurn(tenantId: string, conversationId: string): Promise<void> {
    const now = this.timer.nowMs();
    const at = this.limiter.reserve(tenantId, conversationId, now);
    if (at > now) await this.timer.sleep(at - now);
  }
}
