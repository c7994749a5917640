import type { CollectionSpec } from '../../services/store/documentStore';

/**
 * The Cosmos DB containers the bot needs, derived from the store's collection declarations so the
 * deployment can never forget one: each partitioned by /tenantId, indexing only what is queried
 * (the partition key, id, each query field) with a composite (field, id) index per field.
 */
export interface ContainerDefinition {
  name: string;
  indexingPolicy: {
    indexingMode: 'consistent';
    automatic: true;
    includedPaths: Array<{ path: string }>;
    excludedPaths: Array<{ path: string }>;
    compositeIndexes?: Array<Array<{ path: string; order: 'ascending' | 'descending' }>>;
  };
}

export function containerFor(spec: CollectionSpec<{ id: string; tenantId: string }>): ContainerDefinition {
  const fields = [...new Set([...spec.queryFields, ...(spec.globalIndexes ?? []).flat()])];
  const composite = fields.map((f) => {
    const order = f === 'createdDateTime' ? 'descending' : 'ascending';
    return [
      { path: `/${f}`, order },
      { path: '/id', order },
    ] as Array<{ path: string; order: 'ascending' | 'descending' }>;
  });
  return {
    name: spec.name,
    indexingPolicy: {
      indexingMode: 'consistent',
      automatic: true,
      includedPaths: [{ path: '/tenantId/?' }, { path: '/id/?' }, ...fields.map((f) => ({ path: `/${f}/?` }))],
      excludedPaths: [{ path: '/*' }, { path: '/"_etag"/?' }],
      ...(composite.length ? { compositeIndexes: composite } : {}),
    },
  };
}

export function containersFor(specs: ReadonlyArray<CollectionSpec<{ id: string; tenantId: string }>>): ContainerDefinition[] {
  return specs.map(containerFor);
}
