import { ManagedIdentityCredential } from '@azure/identity';
import { CosmosStore } from '../services/store/cosmosStore';
import { SqliteStore } from '../services/store/sqliteStore';
import type { DocumentStore } from '../services/store/documentStore';
import type { StoreConfig } from './config';

/** Builds the configured store and prepares it (tables, or database and containers). */
export async function openStore(config: StoreConfig): Promise<DocumentStore> {
  const store: DocumentStore =
    config.kind === 'sqlite'
      ? new SqliteStore(config.path)
      : new CosmosStore({
          endpoint: config.endpoint,
          database: config.database,
          createIfMissing: config.createIfMissing,
          ...(config.key
            ? { key: config.key }
            : { aadCredential: new ManagedIdentityCredential({ clientId: config.managedIdentityClientId ?? '' }) }),
        });
  await store.init();
  return store;
}
