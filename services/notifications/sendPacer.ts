import { DeliveryError } from './deliveryError';
import type { TeamsSendLimiter } from './rateLimiter';

/** Real time for pacing sends (rate limits are about the wall clock, not domain time). */
export interface Timer {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}

export const realTimer: Timer = {
  nowMs: () => Date.now(),
  sleep: (ms) =>
    new Promise((resolve) => {
      // A paced wait must never keep a stopping process alive.
      setTimeout(resolve, ms).unref();
    }),
};

export const DEFAULT_MAX_WAIT_MS = 30_000;

/**
 * Thrown to sends still waiting for their turn when the process stops: nothing was sent, and the
 * notification stays queued in the store for the next run.
 */
export class PacerClosedError extends DeliveryError {
  constructor() {
    super('retry', 'shutting down: the send was not made and stays queued');
    this.name = 'PacerClosedError';
  }
}

/**
 * Holds each proactive send until Teams' limits allow it (per conversation and per tenant): a
 * burst waits its turn, nothing is dropped. The limiter counts this process's sends; several
 * instances each keep to the limits on their own, and Teams' 429s (with Retry-After) cover the rest.
 * `close` (shutdown) releases every waiting send with PacerClosedError: a busy conversation can
 * have minutes of sends queued, and they are safe in the outbox, so stopping must not wait for them.
 */
export class SendPacer {
  private closed = false;
  private readonly closing: Promise<void>;
  private signalClosed: () => void = () => undefined;

  constructor(
    private readonly limiter: TeamsSendLimiter,
    private readonly timer: Timer = realTimer,
    /**
     * The longest a send waits in memory for its turn. A send whose turn is further off is refused
     * as throttled (nothing reserved) and stays in the store's outbox, retried once its turn has
     * come, so a flood into one busy chat never piles up in memory.
     */
    private readonly maxWaitMs: number = DEFAULT_MAX_WAIT_MS,
  ) {
    this.closing = new Promise((resolve) => {
      this.signalClosed = resolve;
    });
  }

  async waitTurn(tenantId: string, conversationId: string): Promise<void> {
    if (this.closed) throw new PacerClosedError();
    const now = this.timer.nowMs();
    const at = this.limiter.earliest(tenantId, conversationId, now);
    const wait = at - now;
    if (wait > this.maxWaitMs) {
      throw new DeliveryError('retry', `Teams' limits: the turn of this conversation is ${Math.ceil(wait / 1000)} s away`, {
        throttled: true,
        retryAfterMs: wait,
      });
    }
    this.limiter.record(tenantId, conversationId, at);
    if (at > now) await Promise.race([this.timer.sleep(at - now), this.closing]);
    if (this.closed) throw new PacerClosedError();
  }

  close(): void {
    this.closed = true;
    this.signalClosed();
  }
}
