import { ManualClock } from '../../services/clock';
import { ContactsService } from '../../services/offers/contactsService';
import { OfferAccess } from '../../services/offers/offerAccess';
import { OfferContactsRepository } from '../../services/offers/offerContactsRepository';
import { OfferRepository } from '../../services/offers/offerRepository';
import { OfferService } from '../../services/offers/offerService';
import { OrgFactsRepository } from '../../services/offers/orgFactsRepository';
import { OrgFactsService } from '../../services/offers/orgFactsService';
import { RoleService } from '../../services/roles/roleService';
import type { DocumentStore } from '../../services/store/documentStore';

export const ADMIN = { userId: 'aad-admin', name: 'Ada Admin' };
export const SELLER = { userId: 'aad-seller', name: 'Sam Seller' };

/** The offers services on a store, with ADMIN as the tenant's MPN partner admin. */
export async function offerServices(store: DocumentStore, tenantId = 'tenant-a') {
  const clock = new ManualClock('2026-11-21T10:00:00.000Z');
  const roles = new RoleService(store, clock);
  await roles.ensureFirstAdmin(tenantId, ADMIN);
  const access = new OfferAccess(roles);
  const offersRepo = new OfferRepository(store);
  const contactsRepo = new OfferContactsRepository(store);
  const factsRepo = new OrgFactsRepository(store);
  return {
    clock,
    roles,
    access,
    offersRepo,
    contactsRepo,
    offers: new OfferService(offersRepo, contactsRepo, factsRepo, access, clock),
    contacts: new ContactsService(offersRepo, contactsRepo, access, clock),
    facts: new OrgFactsService(factsRepo, access, clock),
  };
}
