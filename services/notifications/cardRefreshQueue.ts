import type { Clock } from '../clock';
import { ConflictError } from '../errors';
import type { OpportunityRepository } from '../opportunities/opportunityRepository';

/** Conditional writes tried before giving up when others keep changing the opportunity meanwhile. */
const ATTEMPTS = 5;

/**
 * Leaves a redraw of an opportunity's posted cards to the sweeper: a `teams-cards` event in its
 * outbox (the due time follows, so the next sweep finds it, and the dispatcher retries it with
 * backoff under Teams' limits). Used when redrawing them right away did not get through. One queued
 * redraw is enough: it draws whatever the opportunity is when its turn comes.
 */
export class CardRefreshQueue {
  constructor(
    private readonly opportunities: OpportunityRepository,
    private readonly clock: Clock,
  ) {}

  /** True when a redraw is queued (now or already); false when the opportunity is gone or kept changing. */
  async queue(tenantId: string, id: string): Promise<boolean> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const current = await this.opportunities.get(tenantId, id);
      if (!current) return false;
      const o = current.value;
      if (o.outbox.some((e) => e.kind === 'teams-cards')) return true;
      const now = this.clock.now().toISOString();
      try {
        await this.opportunities.replace({ ...o, outbox: [...o.outbox, { id: `${id}:cards:${now}`, kind: 'teams-cards', createdAt: now }] }, current.etag);
        return true;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    return false;
  }
}
