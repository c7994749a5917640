import type { Collection, DocumentStore, Versioned } from '../store/documentStore';
import type { OrgFacts } from './offer';
import { ORG_FACTS } from './offerCollections';

export const ORG_FACTS_ID = 'orgFacts';

/** The partner organisation's facts: one document per tenant. */
export class OrgFactsRepository {
  private readonly collection: Collection<OrgFacts>;

  constructor(store: DocumentStore) {
    this.collection = store.collection(ORG_FACTS);
  }

  get(tenantId: string): Promise<Versioned<OrgFacts> | undefined> {
    return this.collection.get(tenantId, ORG_FACTS_ID);
  }

  /** Conditional like the contacts: `etag` undefined means "there were no facts yet". */
  save(facts: OrgFacts, etag: string | undefined): Promise<Versioned<OrgFacts>> {
    return etag === undefined ? this.collection.create(facts) : this.collection.replace(facts, etag);
  }
}
