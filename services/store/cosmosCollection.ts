import type { Container, FeedOptions, ItemDefinition, RequestOptions } from '@azure/cosmos';
import { isDeepStrictEqual } from 'node:util';
import { ConflictError, NotFoundError } from '../errors';
import { buildQuerySpec } from './cosmosQuery';
import { storedDocument, type BaseDocument, type Collection, type CollectionSpec, type Page, type Query, type Versioned } from './documentStore';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from './transientRetry';

type StoredItem = ItemDefinition & { _etag?: unknown };

/** Properties Cosmos adds to every stored item; they are not part of our documents. */
const SYSTEM_PROPERTIES = ['_rid', '_self', '_etag', '_attachments', '_ts'] as const;

/** The HTTP status of a Cosmos SDK error (ErrorResponse carries it in `code`). */
export function cosmosStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, statusCode } = err as { code?: unknown; statusCode?: unknown };
  if (typeof code === 'number') return code;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

function ifMatch(etag: string): RequestOptions {
  return { accessCondition: { type: 'IfMatch', condition: etag } };
}

/** A stored item without the properties Cosmos adds. */
function withoutSystemProperties(resource: StoredItem): Record<string, unknown> {
  const doc: Record<string, unknown> = { ...resource };
  for (const p of SYSTEM_PROPERTIES) delete doc[p];
  return doc;
}

/**
 * One collection in its own container, partitioned by tenantId. Concurrency control is Cosmos's
 * own ETag check (If-Match), so a stale writer loses on the server, never in our code.
 *
 * Passing failures (503, timeouts, dropped connections) are retried. A retried write may meet its
 * own earlier attempt, applied before the connection dropped: a create then finds the id taken, a
 * conditional replace finds the ETag moved on. When the stored document is exactly what this call
 * wrote, that is this call's success, not someone else's conflict; anything else stays a conflict.
 */
export class CosmosCollection<T extends BaseDocument> implements Collection<T> {
  constructor(
    private readonly spec: CollectionSpec<T>,
    /** Resolves once the container is known to exist (created on demand where allowed). */
    private readonly container: () => Promise<Container>,
    private readonly retry: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {}

  private label(id: string): string {
    return `${this.spec.name}/${id}`;
  }

  /** Every read is validated: a stored document that no longer fits the schema fails loudly. */
  private toVersioned(resource: StoredItem | undefined): Versioned<T> {
    if (!resource || typeof resource._etag !== 'string') {
      throw new Error(`Cosmos DB returned no document or ETag for ${this.spec.name}`);
    }
    return { value: this.spec.schema.parse(withoutSystemProperties(resource)), etag: resource._etag };
  }

  /** Validated before it leaves the process, so an invalid document is never stored. */
  private validated(doc: T): ItemDefinition {
    return storedDocument(this.spec, doc) as ItemDefinition;
  }

  private async read(container: Container, tenantId: string, id: string): Promise<StoredItem | undefined> {
    try {
      const res = await container.item(id, tenantId).read<StoredItem>();
      // SDK v4 answers a missing item with a 404 response rather than an error.
      return res.statusCode === 404 || !res.resource ? undefined : res.resource;
    } catch (err) {
      if (cosmosStatus(err) === 404) return undefined;
      throw err;
    }
  }

  /** After a retried write met a conflict: the stored item, when it is exactly what was written. */
  private async ownEarlierWrite(container: Container, body: ItemDefinition): Promise<StoredItem | undefined> {
    const stored = await this.read(container, String(body.tenantId), String(body.id));
    const written = JSON.parse(JSON.stringify(body)) as unknown;
    return stored && isDeepStrictEqual(withoutSystemProperties(stored), written) ? stored : undefined;
  }

  async get(tenantId: string, id: string): Promise<Versioned<T> | undefined> {
    return withRetry(this.retry, async () => {
      const stored = await this.read(await this.container(), tenantId, id);
      return stored ? this.toVersioned(stored) : undefined;
    });
  }

  async create(doc: T): Promise<Versioned<T>> {
    const body = this.validated(doc);
    return withRetry(this.retry, async (attempt) => {
      const c = await this.container();
      try {
        const res = await c.items.create<StoredItem>(body, { disableAutomaticIdGeneration: true });
        return this.toVersioned(res.resource);
      } catch (err) {
        if (cosmosStatus(err) !== 409) throw err;
        const own = attempt > 0 ? await this.ownEarlierWrite(c, body) : undefined;
        if (own) return this.toVersioned(own);
        throw new ConflictError(`${this.label(doc.id)} already exists`);
      }
    });
  }

  async replace(doc: T, etag: string): Promise<Versioned<T>> {
    const body = this.validated(doc);
    return withRetry(this.retry, async (attempt) => {
      const c = await this.container();
      try {
        const res = await c.item(doc.id, doc.tenantId).replace<StoredItem>(body, ifMatch(etag));
        return this.toVersioned(res.resource);
      } catch (err) {
        const status = cosmosStatus(err);
        if (status === 412) {
          const own = attempt > 0 ? await this.ownEarlierWrite(c, body) : undefined;
          if (own) return this.toVersioned(own);
          throw new ConflictError(`${this.label(doc.id)} was changed by someone else`);
        }
        if (status === 404) throw new NotFoundError(`${this.label(doc.id)} not found`);
        throw err;
      }
    });
  }

  async upsert(doc: T): Promise<Versioned<T>> {
    const body = this.validated(doc);
    // Writing the same document again is harmless: an upsert is retried as it is.
    return withRetry(this.retry, async () => {
      const c = await this.container();
      const res = await c.items.upsert<StoredItem>(body, { disableAutomaticIdGeneration: true });
      return this.toVersioned(res.resource);
    });
  }

  async delete(tenantId: string, id: string, etag?: string): Promise<boolean> {
    return withRetry(this.retry, async (attempt) => {
      const c = await this.container();
      try {
        await c.item(id, tenantId).delete(etag === undefined ? undefined : ifMatch(etag));
        return true;
      } catch (err) {
        const status = cosmosStatus(err);
        // Gone on a retry: the earlier attempt deleted it before its answer was lost.
        if (status === 404) return attempt > 0;
        if (status === 412) {
          if (attempt > 0 && !(await this.read(c, tenantId, id))) return true;
          throw new ConflictError(`${this.label(id)} was changed by someone else`);
        }
        throw err;
      }
    });
  }

  async query(q: Query): Promise<Page<Versioned<T>>> {
    const querySpec = buildQuerySpec(this.spec as unknown as CollectionSpec<BaseDocument>, q);
    const options: FeedOptions = { maxItemCount: q.pageSize, continuationToken: q.continuation };
    if (q.tenantId !== undefined) {
      // Per-tenant reads stay inside one partition: cheap, and no other tenant's data is touched.
      options.partitionKey = q.tenantId;
    } else {
      // The SDK only issues (and accepts) continuation tokens for cross-partition queries in this mode.
      options.enableQueryControl = true;
    }
    // A page is read again from the same continuation token: nothing is skipped or repeated.
    const res = await withRetry(this.retry, async () => (await this.container()).items.query<StoredItem>(querySpec, options).fetchNext());
    const continuation = res.continuationToken || undefined;
    if (res.hasMoreResults && !continuation) {
      // Never report a partial list as complete.
      throw new Error(`Cosmos DB has more ${this.spec.name} results but gave no continuation token`);
    }
    return { items: res.resources.map((r) => this.toVersioned(r)), continuation };
  }
}
