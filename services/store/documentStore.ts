import type { z } from 'zod';

/**
 * The storage contract that every backend (embedded SQLite, Azure Cosmos DB) implements.
 *
 * Documents live in named collections, each partitioned by `tenantId` (the partner's tenant, or a
 * synthetic partition for system records). Reads are validated with the collection's zod schema
 * (SQLite takes a row as it is when this very build validated and wrote it: see codeTag.ts).
 * Writes are conditional on the ETag where asked, so two concurrent updates never both win.
 */
export interface BaseDocument {
  id: string;
  tenantId: string;
}

export interface Versioned<T> {
  value: T;
  /** Opaque version of the stored document, for If-Match writes. */
  etag: string;
}

export type FieldValue = string | number | boolean;
export type Comparison = '=' | '<' | '<=' | '>' | '>=';

export interface Filter {
  field: string;
  op: Comparison;
  value: FieldValue;
}

export interface Query {
  /** The partition to read. Omit only for system-wide queries (e.g. the sweeper's due list). */
  tenantId?: string;
  where?: ReadonlyArray<Filter>;
  /** One field only (Cosmos cannot order by several without composite indexes). Ties break by id. */
  orderBy?: { field: string; direction: 'asc' | 'desc' };
  pageSize: number;
  /** The token a previous page returned. */
  continuation?: string;
}

export interface Page<T> {
  items: T[];
  /** Present when there may be more results. */
  continuation?: string;
}

/**
 * What a collection is: its name, the schema its documents satisfy, and the top-level fields that
 * may be filtered or ordered on (the SQLite backend keeps these as columns beside the document, see
 * sqliteColumns.ts, and indexes them as `indexes` says; Cosmos indexes everything).
 */
export interface CollectionSpec<T extends BaseDocument> {
  name: string;
  schema: z.ZodType<T, unknown>;
  queryFields: ReadonlyArray<string>;
  /** Indexes to create in SQLite, each a list of query fields (tenantId is always the first column). */
  indexes: ReadonlyArray<ReadonlyArray<string>>;
  /** Indexes that span tenants (for system-wide queries), without the leading tenant column. */
  globalIndexes?: ReadonlyArray<ReadonlyArray<string>>;
  /**
   * Fields derived from the validated document, set on it just before each write (an
   * opportunity's revision): what is stored and returned is `stamp(schema.parse(doc))`.
   */
  stamp?(valid: T): T;
}

/** What a store writes for `doc`: validated by the collection's schema, then stamped. Throws if invalid. */
export function storedDocument<T extends BaseDocument>(spec: CollectionSpec<T>, doc: T): T {
  const valid = spec.schema.parse(doc);
  return spec.stamp ? spec.stamp(valid) : valid;
}

export interface Collection<T extends BaseDocument> {
  get(tenantId: string, id: string): Promise<Versioned<T> | undefined>;
  /** Fails with ConflictError when a document with this id already exists in the partition. */
  create(doc: T): Promise<Versioned<T>>;
  /** Fails with ConflictError when the stored ETag differs, NotFoundError when it is gone. */
  replace(doc: T, etag: string): Promise<Versioned<T>>;
  upsert(doc: T): Promise<Versioned<T>>;
  /** With an ETag, deletes only that version (ConflictError otherwise). Returns false when absent. */
  delete(tenantId: string, id: string, etag?: string): Promise<boolean>;
  query(q: Query): Promise<Page<Versioned<T>>>;
}

export interface DocumentStore {
  readonly kind: 'sqlite' | 'cosmos';
  /** Creates tables / containers as needed. Call once before use. */
  init(): Promise<void>;
  collection<T extends BaseDocument>(spec: CollectionSpec<T>): Collection<T>;
  /** Throws when the store cannot be reached (for /healthz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Checks a query against the collection's declared fields, so no unknown name reaches a query text. */
export function assertQueryFields(spec: CollectionSpec<BaseDocument>, q: Query): void {
  const allowed = new Set(['id', ...spec.queryFields]);
  for (const f of q.where ?? []) {
    if (!allowed.has(f.field)) throw new Error(`Field "${f.field}" is not queryable in ${spec.name}`);
  }
  if (q.orderBy && !allowed.has(q.orderBy.field)) {
    throw new Error(`Field "${q.orderBy.field}" is not orderable in ${spec.name}`);
  }
  if (!Number.isInteger(q.pageSize) || q.pageSize < 1 || q.pageSize > 1000) {
    throw new Error('pageSize must be an integer from 1 to 1000');
  }
}
