import type { BaseDocument, Collection, CollectionSpec, DocumentStore } from '../../services/store/documentStore';

export type StoreOperation = 'get' | 'create' | 'replace' | 'upsert' | 'delete' | 'query';

/**
 * A store that counts the operations on each collection, can run something before each one
 * (`before`, e.g. a competing write), and stops answering once `dead` is set (the process died
 * between two steps).
 */
export class WatchedStore implements DocumentStore {
  readonly kind: DocumentStore['kind'];
  dead = false;
  readonly calls: Array<{ collection: string; op: StoreOperation }> = [];
  before?: (collection: string, op: StoreOperation) => Promise<void> | void;

  constructor(private readonly inner: DocumentStore) {
    this.kind = inner.kind;
  }

  init(): Promise<void> {
    return this.inner.init();
  }
  ping(): Promise<void> {
    return this.inner.ping();
  }
  close(): Promise<void> {
    return this.inner.close();
  }

  /** How many times `op` ran on `collection`. */
  count(collection: string, op: StoreOperation): number {
    return this.calls.filter((c) => c.collection === collection && c.op === op).length;
  }

  collection<T extends BaseDocument>(spec: CollectionSpec<T>): Collection<T> {
    const real = this.inner.collection(spec);
    const watch =
      <A extends unknown[], R>(op: StoreOperation, f: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        if (this.dead) throw new Error('the process is gone');
        await this.before?.(spec.name, op);
        this.calls.push({ collection: spec.name, op });
        return f(...args);
      };
    return {
      get: watch('get', real.get.bind(real)),
      create: watch('create', real.create.bind(real)),
      replace: watch('replace', real.replace.bind(real)),
      upsert: watch('upsert', real.upsert.bind(real)),
      delete: watch('delete', real.delete.bind(real)),
      query: watch('query', real.query.bind(real)),
    };
  }
}
