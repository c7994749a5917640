import type { SqlParameter, SqlQuerySpec } from '@azure/cosmos';
import { assertQueryFields, type BaseDocument, type CollectionSpec, type Query } from './documentStore';

/** Cosmos's partition key path for every container: the partner tenant. */
export const PARTITION_KEY_PATH = '/tenantId';

const FIELD = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Field names go into the query text (values never do), so they must be declared and plain. */
function fieldRef(field: string): string {
  if (!FIELD.test(field)) throw new Error(`Unsafe field name: ${field}`);
  return `c["${field}"]`;
}

/**
 * Turns a store Query into parameterised Cosmos SQL. Paging is left to Cosmos continuation tokens
 * (never OFFSET/LIMIT), and the order uses one field only: multi-field ORDER BY needs a composite
 * index per field pair. Without an explicit order the results come by id, as in SQLite.
 */
export function buildQuerySpec(spec: CollectionSpec<BaseDocument>, q: Query): SqlQuerySpec {
  assertQueryFields(spec, q);
  const clauses: string[] = [];
  const parameters: SqlParameter[] = [];
  if (q.tenantId !== undefined) {
    // Redundant with the partitionKey feed option, but keeps the query correct on its own.
    clauses.push('c.tenantId = @tenantId');
    parameters.push({ name: '@tenantId', value: q.tenantId });
  }
  (q.where ?? []).forEach((f, i) => {
    clauses.push(`${fieldRef(f.field)} ${f.op} @p${i}`);
    parameters.push({ name: `@p${i}`, value: f.value });
  });
  const where = clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '';
  const order = q.orderBy ?? { field: 'id', direction: 'asc' };
  const dir = order.direction === 'desc' ? 'DESC' : 'ASC';
  return { query: `SELECT * FROM c${where} ORDER BY ${fieldRef(order.field)} ${dir}`, parameters };
}
