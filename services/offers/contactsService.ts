import type { Clock } from '../clock';
import { NotFoundError } from '../errors';
import { parseContactsCsv, sameContacts, serializeContactsCsv, type CsvProblem } from './contactsCsv';
import type { Actor, Contact } from './offer';
import type { OfferAccess } from './offerAccess';
import type { OfferContactsRepository } from './offerContactsRepository';
import type { OfferRepository } from './offerRepository';

/**
 * The whole list is one document, so it must stay well below Cosmos DB's 2 MB item limit even
 * with long country lists; 1.5 MB of JSON leaves room for the envelope.
 */
export const MAX_CONTACTS_JSON_BYTES = 1_500_000;

/** A checked import, waiting for the person's confirmation. */
export interface ContactsImportPlan {
  offerId: string;
  contacts: Contact[];
  /** How many contacts the offer had when the file was checked. */
  currentCount: number;
  /** The version of the contact list the file was checked against (undefined: no list yet). */
  etag?: string;
  /** The file holds exactly the current contacts: importing it would change nothing. */
  unchanged: boolean;
}

export type ContactsImportCheck = { ok: true; plan: ContactsImportPlan } | { ok: false; problems: CsvProblem[] };

/** Contacts of an offer's co-sell listing, moved in and out as Partner Center's CSV. */
export class ContactsService {
  constructor(
    private readonly offers: OfferRepository,
    private readonly contacts: OfferContactsRepository,
    private readonly access: OfferAccess,
    private readonly clock: Clock,
  ) {}

  async list(tenantId: string, offerId: string): Promise<Contact[]> {
    return (await this.contacts.get(tenantId, offerId))?.value.contacts ?? [];
  }

  async exportCsv(tenantId: string, offerId: string): Promise<string> {
    return serializeContactsCsv(await this.list(tenantId, offerId));
  }

  /** Checks a file against the offer's current contacts; changes nothing. */
  async prepareImport(tenantId: string, actor: Actor, offerId: string, csv: string): Promise<ContactsImportCheck> {
    await this.access.assertCanManage(tenantId, actor.userId);
    await this.offerMustExist(tenantId, offerId);
    const parsed = parseContactsCsv(csv);
    if (!parsed.ok) return parsed;
    if (Buffer.byteLength(JSON.stringify(parsed.contacts)) > MAX_CONTACTS_JSON_BYTES) {
      return { ok: false, problems: [{ code: 'tooLarge' }] };
    }
    const current = await this.contacts.get(tenantId, offerId);
    const currentContacts = current?.value.contacts ?? [];
    return {
      ok: true,
      plan: {
        offerId,
        contacts: parsed.contacts,
        currentCount: currentContacts.length,
        etag: current?.etag,
        unchanged: sameContacts(currentContacts, parsed.contacts),
      },
    };
  }

  /**
   * Replaces all contacts with the plan's, as Partner Center does: one conditional write, so it
   * fails with ConflictError (and changes nothing) if the list changed after the file was checked.
   */
  async applyImport(tenantId: string, actor: Actor, plan: ContactsImportPlan): Promise<void> {
    await this.access.assertCanManage(tenantId, actor.userId);
    await this.offerMustExist(tenantId, plan.offerId);
    await this.contacts.save(
      { id: plan.offerId, tenantId, contacts: plan.contacts, updatedAt: this.clock.now().toISOString(), updatedBy: actor },
      plan.etag,
    );
  }

  private async offerMustExist(tenantId: string, offerId: string): Promise<void> {
    if (!(await this.offers.get(tenantId, offerId))) throw new NotFoundError(`offer ${offerId} not found`);
  }
}
