import type { BaseDocument, CollectionSpec } from '../store/documentStore';
import { Offer, OfferContacts, OrgFacts } from './offer';
import { DocumentFileRecord } from './documents/documentFileRecord';

/** The offers' collections; services/store/collections.ts adds them to ALL_COLLECTIONS. */
export const OFFERS: CollectionSpec<Offer> = {
  name: 'offers',
  schema: Offer,
  queryFields: ['nameKey'],
  indexes: [['nameKey']],
};

/** One document per offer holding its whole contact list (id = the offer's id). */
export const OFFER_CONTACTS: CollectionSpec<OfferContacts> = {
  name: 'offerContacts',
  schema: OfferContacts,
  queryFields: [],
  indexes: [],
};

/** One document per tenant (id "orgFacts"). */
export const ORG_FACTS: CollectionSpec<OrgFacts> = {
  name: 'orgFacts',
  schema: OrgFacts,
  queryFields: [],
  indexes: [],
};

/** Uploaded co-sell documents' bytes, in chunks small enough for one Cosmos DB item each. */
export const DOCUMENT_FILES: CollectionSpec<DocumentFileRecord> = {
  name: 'documentFiles',
  schema: DocumentFileRecord,
  queryFields: [],
  indexes: [],
};

export const OFFER_COLLECTIONS = [OFFERS, OFFER_CONTACTS, ORG_FACTS, DOCUMENT_FILES] as unknown as ReadonlyArray<CollectionSpec<BaseDocument>>;
