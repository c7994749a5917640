import { createHash } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { ConflictError } from '../services/errors';
import { BOT_STATE, type BotStateDocument } from '../services/store/collections';
import type { Collection, DocumentStore } from '../services/store/documentStore';

/**
 * Bot Framework state (dialog stacks, conversation and user state) kept in our own store, so a
 * conversation survives a restart on SQLite and on Cosmos DB alike. Writes honour `eTag` like
 * CosmosDbPartitionedStorage: a stale eTag fails, '*' or none overwrites.
 */
export class StoreStorage implements Storage {
  private readonly collection: Collection<BotStateDocument>;

  constructor(store: DocumentStore) {
    this.collection = store.collection(BOT_STATE);
  }

  /** Keys can hold characters Cosmos ids refuse ('/', '#', '?'): the id is a hash of the key. */
  private static idOf(key: string): string {
    return createHash('sha256').update(key).digest('hex');
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const id = StoreStorage.idOf(key);
        const found = await this.collection.get(id, id);
        if (found) items[key] = { ...found.value.state, eTag: found.etag };
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const id = StoreStorage.idOf(key);
      const { eTag, ...state } = (item ?? {}) as Record<string, unknown> & { eTag?: string };
      const doc: BotStateDocument = { id, tenantId: id, key, state };
      let written;
      if (typeof eTag === 'string' && eTag !== '*' && eTag !== '') {
        try {
          written = await this.collection.replace(doc, eTag);
        } catch (err) {
          if (err instanceof ConflictError) throw new Error(`Storage: conflict writing "${key}": it was changed elsewhere`);
          throw err;
        }
      } else {
        written = await this.collection.upsert(doc);
      }
      // Keep the caller's cached state current, so a second save in the same turn is not stale.
      if (item && typeof item === 'object' && typeof eTag === 'string') (item as { eTag?: string }).eTag = written.etag;
    }
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.collection.delete(StoreStorage.idOf(key), StoreStorage.idOf(key))));
  }
}
