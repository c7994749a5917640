import type { Collection, DocumentStore, Page, Versioned } from '../store/documentStore';
import { nameKeyOf, type Offer } from './offer';
import { OFFERS } from './offerCollections';

/** Domain-named access to a tenant's offers; every read is scoped to one partner tenant. */
export class OfferRepository {
  private readonly collection: Collection<Offer>;

  constructor(store: DocumentStore) {
    this.collection = store.collection(OFFERS);
  }

  get(tenantId: string, id: string): Promise<Versioned<Offer> | undefined> {
    return this.collection.get(tenantId, id);
  }

  async findByName(tenantId: string, name: string): Promise<Versioned<Offer> | undefined> {
    const page = await this.collection.query({ tenantId, where: [{ field: 'nameKey', op: '=', value: nameKeyOf(name) }], pageSize: 1 });
    return page.items[0];
  }

  create(offer: Offer): Promise<Versioned<Offer>> {
    return this.collection.create(offer);
  }

  /** Conditional on the ETag the caller read: ConflictError if someone else changed the offer. */
  replace(offer: Offer, etag: string): Promise<Versioned<Offer>> {
    return this.collection.replace(offer, etag);
  }

  /**
   * In name order, one page at a time; `afterName` starts after that name, so a person can ask
   * for the next page by typing it ("offers after Contoso").
   */
  list(tenantId: string, pageSize = 20, continuation?: string, afterName?: string): Promise<Page<Versioned<Offer>>> {
    const where = afterName ? [{ field: 'nameKey', op: '>' as const, value: nameKeyOf(afterName) }] : [];
    return this.collection.query({ tenantId, where, orderBy: { field: 'nameKey', direction: 'asc' }, pageSize, continuation });
  }

  /** Every offer of the tenant (a partner has tens of offers, not thousands), in name order. */
  async listAll(tenantId: string): Promise<Array<Versioned<Offer>>> {
    const all: Array<Versioned<Offer>> = [];
    let continuation: string | undefined;
    do {
      const page = await this.list(tenantId, 100, continuation);
      all.push(...page.items);
      continuation = page.continuation;
    } while (continuation);
    return all;
  }
}
