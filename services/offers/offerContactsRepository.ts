import type { Collection, DocumentStore, Versioned } from '../store/documentStore';
import type { OfferContacts } from './offer';
import { OFFER_CONTACTS } from './offerCollections';

/** The contact list of each offer: one document per offer, replaced whole. */
export class OfferContactsRepository {
  private readonly collection: Collection<OfferContacts>;

  constructor(store: DocumentStore) {
    this.collection = store.collection(OFFER_CONTACTS);
  }

  get(tenantId: string, offerId: string): Promise<Versioned<OfferContacts> | undefined> {
    return this.collection.get(tenantId, offerId);
  }

  /**
   * Writes the whole list in one conditional write: `etag` is the version the caller read, or
   * undefined when the offer had no contact document yet. ConflictError if either assumption broke.
   */
  save(doc: OfferContacts, etag: string | undefined): Promise<Versioned<OfferContacts>> {
    return etag === undefined ? this.collection.create(doc) : this.collection.replace(doc, etag);
  }
}
