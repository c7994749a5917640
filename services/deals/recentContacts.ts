import type { Clock } from '../clock';
import { ConflictError } from '../errors';
import { RECENT_CONTACTS } from '../store/collections';
import type { Collection, DocumentStore } from '../store/documentStore';
import type { ContactPerson } from './dealDraft';
import type { RecentContactsDocument } from './recentContact';

export const RECENT_CONTACTS_KEPT = 10;

/**
 * The contacts a seller used on earlier deals. Kept as one small document per seller (not derived
 * from opportunities: those are not indexed by creator, and a point read is all the dialog needs).
 */
export class RecentContacts {
  private readonly collection: Collection<RecentContactsDocument>;

  constructor(
    store: DocumentStore,
    private readonly clock: Clock,
  ) {
    this.collection = store.collection(RECENT_CONTACTS);
  }

  async list(tenantId: string, userId: string): Promise<ContactPerson[]> {
    return (await this.collection.get(tenantId, idOf(userId)))?.value.contacts ?? [];
  }

  /** Puts these people first (newest deal first), without repeats (same email), keeping the newest few. */
  async remember(tenantId: string, userId: string, people: ReadonlyArray<ContactPerson>): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.collection.get(tenantId, idOf(userId));
      const emails = new Set(people.map((p) => p.email.toLowerCase()));
      const contacts = [...people, ...(current?.value.contacts ?? []).filter((c) => !emails.has(c.email.toLowerCase()))].slice(0, RECENT_CONTACTS_KEPT);
      const doc: RecentContactsDocument = { id: idOf(userId), tenantId, userId, contacts, updatedDateTime: this.clock.now().toISOString() };
      try {
        if (current) await this.collection.replace(doc, current.etag);
        else await this.collection.create(doc);
        return;
      } catch (err) {
        if (err instanceof ConflictError) continue; // two deals created at once: re-read and merge again
        throw err;
      }
    }
    throw new ConflictError('Recent contacts are being changed elsewhere');
  }
}

function idOf(userId: string): string {
  return encodeURIComponent(userId);
}
