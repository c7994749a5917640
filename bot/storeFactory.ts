import { SqliteStore } from '../services/store/sqliteStore';
import type { DocumentStore } from '../services/store/documentStore';
import type { StoreConfig } from './config';

/** Builds the configured store and prepares it (tables, or database and containers). */
export async function openStore(config: StoreConfig): Promise<DocumentStore> {
  if (config.kind !== 'sqlite') throw new Error(`Store "${config.kind}" is not available in this build`);
  const store = new SqliteStore(config.path);
  await store.init();
  return store;
}
