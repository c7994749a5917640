import type { Clock } from '../clock';
import type { OpportunityRepository } from '../opportunities/opportunityRepository';
import { dealRef, dunsRef, foldName, type CustomerMatch } from './customer';

/**
 * The customers this partner already works with, read from its newest opportunities. The type-ahead
 * asks on every keystroke, so the list is kept for a short while per tenant.
 */
export class KnownCustomers {
  private readonly cache = new Map<string, { at: number; customers: CustomerMatch[] }>();

  constructor(
    private readonly opportunities: OpportunityRepository,
    private readonly clock: Clock,
    private readonly options: { maxOpportunities: number; cacheMs: number } = { maxOpportunities: 300, cacheMs: 30_000 },
  ) {}

  async list(tenantId: string): Promise<CustomerMatch[]> {
    const now = this.clock.now().getTime();
    const cached = this.cache.get(tenantId);
    if (cached && now - cached.at < this.options.cacheMs) return cached.customers;
    const customers = await this.read(tenantId);
    this.cache.set(tenantId, { at: now, customers });
    return customers;
  }

  /** Forget a tenant's list, e.g. after one of its deals was created. */
  forget(tenantId: string): void {
    this.cache.delete(tenantId);
  }

  private async read(tenantId: string): Promise<CustomerMatch[]> {
    const byKey = new Map<string, CustomerMatch>();
    let continuation: string | undefined;
    let seen = 0;
    do {
      const page = await this.opportunities.list(tenantId, { pageSize: 100, continuation });
      for (const { value: o } of page.items) {
        const profile = o.customerProfile;
        const duns = profile.ids.find((i) => i.profileType === 'Duns' && /^\d{9}$/.test(i.id))?.id;
        const key = duns ? dunsRef(duns) : `${profile.address.country}|${foldName(profile.address.city ?? '')}|${foldName(profile.name)}`;
        // Newest first: the first sighting of a customer carries its latest name and address.
        if (!byKey.has(key)) {
          byKey.set(key, { ref: duns ? dunsRef(duns) : dealRef(o.id), name: profile.name, address: profile.address, duns, known: true });
        }
      }
      seen += page.items.length;
      continuation = page.continuation;
    } while (continuation && seen < this.options.maxOpportunities);
    return [...byKey.values()];
  }
}
