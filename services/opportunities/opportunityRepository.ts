import type { Collection, DocumentStore, Filter, Page, Query, Versioned } from '../store/documentStore';
import { OPPORTUNITIES } from '../store/collections';
import { withDueTime } from './dueTime';
import type { Opportunity, ReferralDirection, ReferralStatus } from './opportunity';
import { knownFromStore } from './revision';

export interface OpportunityListOptions {
  direction?: ReferralDirection;
  status?: ReferralStatus;
  favorite?: boolean;
  pageSize?: number;
  continuation?: string;
}

/** Domain-named access to stored opportunities; every read is scoped to one partner tenant. */
export class OpportunityRepository {
  private readonly collection: Collection<Opportunity>;

  constructor(store: DocumentStore) {
    this.collection = store.collection(OPPORTUNITIES);
  }

  async get(tenantId: string, id: string): Promise<Versioned<Opportunity> | undefined> {
    return fromStore(await this.collection.get(tenantId, id));
  }

  /** Every write derives the due time from the document (see dueTime.ts); the store adds its revision. */
  async create(o: Opportunity): Promise<Versioned<Opportunity>> {
    return fromStore(await this.collection.create(withDueTime(o)));
  }

  /** Conditional on the ETag the caller read: throws ConflictError if someone else changed it. */
  async replace(o: Opportunity, etag: string): Promise<Versioned<Opportunity>> {
    return fromStore(await this.collection.replace(withDueTime(o), etag));
  }

  async findByExternalId(tenantId: string, externalId: string): Promise<Versioned<Opportunity> | undefined> {
    const page = await this.query({
      tenantId,
      where: [{ field: 'externalId', op: '=', value: externalId }],
      pageSize: 1,
    });
    return page.items[0];
  }

  /** Newest first, one page at a time. */
  list(tenantId: string, options: OpportunityListOptions = {}): Promise<Page<Versioned<Opportunity>>> {
    const where: Filter[] = [];
    if (options.direction) where.push({ field: 'direction', op: '=', value: options.direction });
    if (options.status) where.push({ field: 'status', op: '=', value: options.status });
    if (options.favorite !== undefined) where.push({ field: 'favorite', op: '=', value: options.favorite });
    return this.query({
      tenantId,
      where,
      orderBy: { field: 'createdDateTime', direction: 'desc' },
      pageSize: options.pageSize ?? 10,
      continuation: options.continuation,
    });
  }

  /** Across all tenants: records whose due time has come, earliest first (the sweeper's query). */
  listDue(now: Date, pageSize: number, continuation?: string): Promise<Page<Versioned<Opportunity>>> {
    return this.query({
      where: [{ field: 'dueDateTime', op: '<=', value: now.toISOString() }],
      orderBy: { field: 'dueDateTime', direction: 'asc' },
      pageSize,
      continuation,
    });
  }

  private async query(q: Query): Promise<Page<Versioned<Opportunity>>> {
    const page = await this.collection.query(q);
    for (const v of page.items) fromStore(v);
    return page;
  }
}

/** Versions read from or written to the store carry their revision (revision.ts). */
function fromStore<V extends Versioned<Opportunity> | undefined>(v: V): V {
  if (v) knownFromStore(v.value);
  return v;
}
