import type { Solution } from '../opportunities/opportunity';
import type { OfferService } from './offerService';

/**
 * "My company's solutions" for the create-deal flow: the tenant's offers that are co-sell ready
 * or better (shared/domain.md §1 step 4). Satisfies the deals flow's OurSolutionsSource.
 */
export class OfferSolutionsSource {
  constructor(private readonly offers: OfferService) {}

  async list(tenantId: string): Promise<Solution[]> {
    const ready = await this.offers.coSellReady(tenantId);
    return ready.map((offer) => ({ id: offer.id, name: offer.name, kind: 'OurCompany' as const }));
  }
}
