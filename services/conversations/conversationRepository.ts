import { CONVERSATIONS } from '../store/collections';
import type { Collection, DocumentStore, Filter, Page, Versioned } from '../store/documentStore';
import { conversationRecordId, type ConversationKind, type ConversationRecord } from './conversationRecord';

export interface ConversationListOptions {
  kind?: ConversationKind;
  pageSize?: number;
  continuation?: string;
}

/** The conversations the bot can post to, per partner tenant. */
export class ConversationRepository {
  private readonly collection: Collection<ConversationRecord>;

  constructor(store: DocumentStore) {
    this.collection = store.collection(CONVERSATIONS);
  }

  async save(record: Omit<ConversationRecord, 'id'>): Promise<ConversationRecord> {
    return (await this.collection.upsert({ ...record, id: conversationRecordId(record.conversationId) })).value;
  }

  async get(tenantId: string, conversationId: string): Promise<ConversationRecord | undefined> {
    return (await this.collection.get(tenantId, conversationRecordId(conversationId)))?.value;
  }

  remove(tenantId: string, conversationId: string): Promise<boolean> {
    return this.collection.delete(tenantId, conversationRecordId(conversationId));
  }

  /** The team was deleted: forget every channel of it. Returns how many records were removed. */
  async removeTeam(tenantId: string, teamId: string): Promise<number> {
    let removed = 0;
    for (;;) {
      const page = await this.collection.query({ tenantId, where: [{ field: 'teamId', op: '=', value: teamId }], pageSize: 100 });
      for (const item of page.items) if (await this.collection.delete(tenantId, item.value.id)) removed++;
      if (page.items.length === 0 || !page.continuation) return removed;
    }
  }

  /** Most recently seen first, one page at a time. */
  async list(tenantId: string, options: ConversationListOptions = {}): Promise<Page<ConversationRecord>> {
    const where: Filter[] = options.kind ? [{ field: 'kind', op: '=', value: options.kind }] : [];
    const page = await this.collection.query({
      tenantId,
      where,
      orderBy: { field: 'updatedAt', direction: 'desc' },
      pageSize: options.pageSize ?? 50,
      continuation: options.continuation,
    });
    return { items: page.items.map((v: Versioned<ConversationRecord>) => v.value), continuation: page.continuation };
  }

  /** The person's one-to-one chat with the bot, if they have ever had one. */
  async personalChatOf(tenantId: string, userKey: string): Promise<ConversationRecord | undefined> {
    const page = await this.collection.query({
      tenantId,
      where: [
        { field: 'kind', op: '=', value: 'personal' },
        { field: 'userKey', op: '=', value: userKey },
      ],
      orderBy: { field: 'updatedAt', direction: 'desc' },
      pageSize: 1,
    });
    return page.items[0]?.value;
  }
}
