import type { BackgroundTasks } from '../backgroundTasks';

/** Deliveries started on the spot at most at once; past that, the sweeper delivers (see below). */
export const DEFAULT_IMMEDIATE_DELIVERIES = 500;

/**
 * Starts an opportunity's queued notifications on the spot (a new referral's card right after the
 * webhook answered), unless `limit` such deliveries are already under way. Each one waits for its
 * turn under Teams' limits (7 posts a second in one chat) holding its opportunity in memory, so a
 * burst of thousands of referrals to one chat would otherwise keep thousands of documents and
 * their waiting deliveries alive for many minutes. What is not started here is not lost: it stays
 * in the opportunity's outbox, due now, and the next sweep delivers it (those cards would have
 * waited for their turn anyway).
 */
export class ImmediateDeliveries {
  private underWay = 0;

  constructor(
    private readonly background: BackgroundTasks,
    private readonly deliver: (tenantId: string, id: string) => Promise<void>,
    private readonly limit = DEFAULT_IMMEDIATE_DELIVERIES,
  ) {}

  /** Returns whether the delivery was started now (false: left to the sweeper). */
  start(tenantId: string, id: string): boolean {
    if (this.underWay >= this.limit) return false;
    this.underWay++;
    this.background.run('deliver notifications', async () => {
      try {
        await this.deliver(tenantId, id);
      } finally {
        this.underWay--;
      }
    });
    return true;
  }

  get inFlight(): number {
    return this.underWay;
  }
}
