import { SqliteStore } from '../services/store/sqliteStore';
import type { DocumentStore } from '../services/store/documentStore';
import type { StoreConfig } from './config';

/**
 * Builds the configured store and prepares it (tables, or database and containers). The Cosmos DB
 * SDK and Azure identity are loaded only when configured: on SQLite they would only slow start-up.
 */
export async function openStore(config: StoreConfig): Promise<DocumentStore> {
  let store: DocumentStore;
  if (config.kind === 'sqlite') {
    // Documents are read and written on the store's own thread: SQLite's work runs beside the turns.
    store = new SqliteStore(config.path, { thread: 'own' });
  } else {
    const { CosmosStore } = await import('../services/store/cosmosStore');
    const credential = config.key
      ? { key: config.key }
      : { aadCredential: new (await import('@azure/identity')).ManagedIdentityCredential({ clientId: config.managedIdentityClientId ?? '' }) };
    store = new CosmosStore({ endpoint: config.endpoint, database: config.database, createIfMissing: config.createIfMissing, ...credential });
  }
  await store.init();
  return store;
}
