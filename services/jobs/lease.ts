import { z } from 'zod';
import type { Clock } from '../clock';
import { ConflictError } from '../errors';
import type { Collection, CollectionSpec, DocumentStore } from '../store/documentStore';

/** System records (not any partner's) live in this partition. */
export const SYSTEM_PARTITION = '_system';

export const LeaseDocument = z.object({
  id: z.string().min(1),
  tenantId: z.literal(SYSTEM_PARTITION),
  owner: z.string().min(1),
  expiresAt: z.string(),
});
export type LeaseDocument = z.infer<typeof LeaseDocument>;

export const LEASES: CollectionSpec<LeaseDocument> = {
  name: 'leases',
  schema: LeaseDocument,
  queryFields: [],
  indexes: [],
};

/**
 * A named lease in the store, so that when several bot instances run, one of them does a job
 * (the sweep) at a time. Taking and renewing are conditional writes: two instances cannot both win.
 * A holder that dies simply lets the lease run out.
 */
export class LeaseManager {
  private readonly collection: Collection<LeaseDocument>;

  constructor(
    store: DocumentStore,
    private readonly clock: Clock,
  ) {
    this.collection = store.collection(LEASES);
  }

  /** True when `owner` now holds the lease `name` for `ttlMs` (taken fresh, or renewed). */
  async acquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const lease: LeaseDocument = {
      id: name,
      tenantId: SYSTEM_PARTITION,
      owner,
      expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
    };
    try {
      const current = await this.collection.get(SYSTEM_PARTITION, name);
      if (!current) {
        await this.collection.create(lease);
        return true;
      }
      const held = current.value.owner !== owner && new Date(current.value.expiresAt) > now;
      if (held) return false;
      await this.collection.replace(lease, current.etag);
      return true;
    } catch (err) {
      if (err instanceof ConflictError) return false;
      throw err;
    }
  }

  /** Gives the lease up early, if `owner` still holds it. */
  async release(name: string, owner: string): Promise<void> {
    const current = await this.collection.get(SYSTEM_PARTITION, name);
    if (!current || current.value.owner !== owner) return;
    try {
      await this.collection.delete(SYSTEM_PARTITION, name, current.etag);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  }
}
