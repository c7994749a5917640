import { ALL_COLLECTIONS } from '../../services/store/collections';
import type { DocumentStore } from '../../services/store/documentStore';

/**
 * Every stored document's version ("collection/tenant/id" → ETag), across all tenants. Every write
 * gives a new ETag, so two equal snapshots mean nothing was written in between (not even the same
 * document again). Reading goes through the collections, so every document must still parse.
 */
export async function storeSnapshot(store: DocumentStore): Promise<Map<string, string>> {
  const versions = new Map<string, string>();
  for (const spec of ALL_COLLECTIONS) {
    const collection = store.collection(spec);
    let continuation: string | undefined;
    do {
      const page = await collection.query({ pageSize: 1000, continuation });
      for (const { value, etag } of page.items) versions.set(`${spec.name}/${value.tenantId}/${value.id}`, etag);
      continuation = page.continuation;
    } while (continuation);
  }
  return versions;
}

/** What differs between two snapshots: added, removed and rewritten documents. */
export function snapshotChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const changes: string[] = [];
  for (const [key, etag] of after) {
    if (!before.has(key)) changes.push(`added ${key}`);
    else if (before.get(key) !== etag) changes.push(`rewrote ${key}`);
  }
  for (const key of before.keys()) if (!after.has(key)) changes.push(`removed ${key}`);
  return changes;
}
