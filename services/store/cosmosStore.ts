import { CosmosClient, type Container, type CosmosClientOptions, type Database } from '@azure/cosmos';
import type { Agent } from 'node:http';
import { ALL_COLLECTIONS } from './collections';
import { CosmosCollection, cosmosStatus } from './cosmosCollection';
import { PARTITION_KEY_PATH } from './cosmosQuery';
import type { BaseDocument, Collection, CollectionSpec, DocumentStore } from './documentStore';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './transientRetry';

/** A Microsoft Entra credential (e.g. ManagedIdentityCredential from @azure/identity). */
export type CosmosTokenCredential = NonNullable<CosmosClientOptions['aadCredentials']>;

export interface CosmosStoreOptions {
  endpoint: string;
  /** Account key; give this or aadCredential, not both. */
  key?: string;
  /** Managed identity in production, so no key has to be stored. */
  aadCredential?: CosmosTokenCredential;
  database: string;
  /** Create the database and containers when missing; otherwise only check that they exist. */
  createIfMissing: boolean;
  /** Only tests pass one (the local Cosmos-protocol server has a self-signed certificate). */
  agent?: Agent;
  /** How passing failures (503, timeouts, dropped connections) are retried; tests shorten the waits. */
  retry?: RetryPolicy;
}

/**
 * Throttling (429) is retried by the SDK itself; the caps keep a Teams request from waiting longer
 * than the person would: after them the error reaches the caller. Unavailability (503), timeouts
 * and dropped connections, which the SDK retries only for some reads, are retried by
 * CosmosCollection (transientRetry.ts).
 */
const CONNECTION_POLICY: CosmosClientOptions['connectionPolicy'] = {
  requestTimeout: 10_000,
  retryOptions: { maxRetryAttemptCount: 9, maxWaitTimeInSeconds: 10 },
};

/** Azure Cosmos DB backend: one container per collection, partitioned by tenantId. */
export class CosmosStore implements DocumentStore {
  readonly kind = 'cosmos' as const;
  private readonly client: CosmosClient;
  private readonly databaseId: string;
  private readonly createIfMissing: boolean;
  private databaseReady?: Promise<Database>;
  private readonly containers = new Map<string, Promise<Container>>();
  private readonly retry: RetryPolicy;

  constructor(options: CosmosStoreOptions) {
    if ((options.key === undefined) === (options.aadCredential === undefined)) {
      throw new Error('CosmosStore needs exactly one of key or aadCredential');
    }
    this.databaseId = options.database;
    this.createIfMissing = options.createIfMissing;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.client = new CosmosClient({
      endpoint: options.endpoint,
      ...(options.key !== undefined ? { key: options.key } : { aadCredentials: options.aadCredential }),
      ...(options.agent ? { agent: options.agent } : {}),
      connectionPolicy: CONNECTION_POLICY,
      userAgentSuffix: 'cosell-bot',
    });
  }

  async init(): Promise<void> {
    await this.database();
    await Promise.all(ALL_COLLECTIONS.map((spec) => this.container(spec.name)));
  }

  collection<T extends BaseDocument>(spec: CollectionSpec<T>): Collection<T> {
    return new CosmosCollection<T>(spec, () => this.container(spec.name), this.retry);
  }

  async ping(): Promise<void> {
    await this.client.database(this.databaseId).read();
  }

  async close(): Promise<void> {
    // Stops the SDK's background endpoint refresh timer so the process can exit.
    this.client.dispose();
  }

  /** Memoised; a failed attempt is forgotten so that the next call tries again. */
  private database(): Promise<Database> {
    this.databaseReady ??= this.openDatabase().catch((err: unknown) => {
      this.databaseReady = undefined;
      throw err;
    });
    return this.databaseReady;
  }

  private container(name: string): Promise<Container> {
    let ready = this.containers.get(name);
    if (!ready) {
      ready = this.openContainer(name).catch((err: unknown) => {
        this.containers.delete(name);
        throw err;
      });
      this.containers.set(name, ready);
    }
    return ready;
  }

  private async openDatabase(): Promise<Database> {
    if (this.createIfMissing) {
      return (await this.client.databases.createIfNotExists({ id: this.databaseId })).database;
    }
    const db = this.client.database(this.databaseId);
    await this.mustExist(() => db.read(), `Cosmos DB database "${this.databaseId}"`);
    return db;
  }

  private async openContainer(name: string): Promise<Container> {
    const db = await this.database();
    if (this.createIfMissing) {
      const { container } = await db.containers.createIfNotExists({
        id: name,
        partitionKey: { paths: [PARTITION_KEY_PATH] },
      });
      return container;
    }
    const container = db.container(name);
    const res = await this.mustExist(() => container.read(), `Cosmos DB container "${this.databaseId}/${name}"`);
    const paths = res.resource?.partitionKey?.paths ?? [];
    if (paths.length !== 1 || paths[0] !== PARTITION_KEY_PATH) {
      // Tenant isolation and single-partition reads both rely on this key.
      throw new Error(`Cosmos DB container "${this.databaseId}/${name}" must be partitioned by ${PARTITION_KEY_PATH}, not ${paths.join(', ') || 'nothing'}`);
    }
    return container;
  }

  /** Reads a resource; a 404 becomes an error that says what is missing and why it is not created. */
  private async mustExist<R extends { statusCode: number }>(read: () => Promise<R>, what: string): Promise<R> {
    const res = await read().catch((err: unknown) => {
      if (cosmosStatus(err) === 404) return undefined;
      throw err;
    });
    if (!res || res.statusCode === 404) {
      throw new Error(`${what} does not exist, and createIfMissing is off: create it first (partition key ${PARTITION_KEY_PATH})`);
    }
    return res;
  }
}
