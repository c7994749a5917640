import type { Clock } from '../clock';
import type { Versioned } from '../store/documentStore';
import { emptyOrgFacts, OrgFacts, type Actor } from './offer';
import type { OfferAccess } from './offerAccess';
import type { OrgFactsRepository } from './orgFactsRepository';
import { parseOrThrow } from './validation';

export type OrgFactsInput = Pick<OrgFacts, 'acrTtmUsd' | 'billedRevenueTtmUsd' | 'goldCompetency' | 'isvConnectPremium'>;

/** The organisation's facts behind the co-sell tiers, kept per tenant and edited by its admins. */
export class OrgFactsService {
  constructor(
    private readonly facts: OrgFactsRepository,
    private readonly access: OfferAccess,
    private readonly clock: Clock,
  ) {}

  /** The stored facts, or all-zero/false ones (and no etag) when none were entered yet. */
  async get(tenantId: string): Promise<{ facts: OrgFacts; etag?: string }> {
    const stored = await this.facts.get(tenantId);
    return stored ? { facts: stored.value, etag: stored.etag } : { facts: emptyOrgFacts(tenantId) };
  }

  /** Saves over the version the person saw (ConflictError if it changed meanwhile). */
  async save(tenantId: string, actor: Actor, input: OrgFactsInput, etag: string | undefined): Promise<Versioned<OrgFacts>> {
    await this.access.assertCanManage(tenantId, actor.userId);
    const facts = parseOrThrow(OrgFacts, {
      ...input,
      id: 'orgFacts',
      tenantId,
      updatedAt: this.clock.now().toISOString(),
      updatedBy: actor,
    });
    return this.facts.save(facts, etag);
  }
}
