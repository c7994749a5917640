import type { BaseDocument, CollectionSpec } from './documentStore';

/**
 * The SQLite layout of a collection's query fields: each declared field is a real column `f_<field>`
 * beside the JSON document, written from the document in JS. Indexes and queries use the columns,
 * so an UPDATE that leaves a field's value alone leaves that field's indexes alone (SQLite only
 * maintains indexes on the columns an UPDATE sets), where expression indexes on json_extract(doc)
 * were all re-evaluated and rewritten on every change of the document.
 *
 * The values are exactly what json_extract(doc, '$.<field>') gives for the stored JSON, so queries,
 * ordering and continuation tokens answer as they did with the expression indexes.
 */

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** A column value as read back from SQLite and compared before an update. */
export type ColumnValue = string | number | null;

export function ident(name: string): string {
  if (!NAME.test(name)) throw new Error(`Unsafe SQL identifier: ${name}`);
  return `"${name}"`;
}

/** The quoted column of a query field ('id' is the key column itself). */
export function fieldColumn(field: string): string {
  if (field === 'id') return 'id';
  if (!NAME.test(field)) throw new Error(`Unsafe field name: ${field}`);
  return `"f_${field}"`;
}

/** The bare (unquoted) column name of a query field, as PRAGMA table_info lists it. */
export function fieldColumnName(field: string): string {
  return `f_${field}`;
}

/** The fields a collection keeps as columns ('id' needs none: it is the key). */
export function columnFields(spec: CollectionSpec<BaseDocument>): string[] {
  return [...new Set(spec.queryFields)].filter((f) => f !== 'id');
}

/**
 * What json_extract returns for a top-level value of a document written with JSON.stringify: text
 * for strings, 1/0 for booleans, the number for numbers, the JSON text of arrays and objects, and
 * NULL for null or an absent field (JSON.stringify drops undefined and writes NaN/Infinity as null).
 */
export function columnValue(value: unknown): ColumnValue {
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 1 : 0;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'object': {
      if (value === null) return null;
      // Whatever JSON.stringify writes for it (a Date its string; an array or object its JSON text).
      const json = JSON.stringify(value) as string | undefined;
      if (json === undefined) return null;
      const back: unknown = JSON.parse(json);
      return back !== null && typeof back === 'object' ? json : columnValue(back);
    }
    default:
      return null;
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * The value to bind for a column. better-sqlite3 binds every JS number as REAL, while json_extract
 * gives an INTEGER for a whole number JSON.stringify writes as digits, of the value those digits
 * spell (beyond 2^53 the shortest digits, e.g. 2^60 is written 1152921504606847000), when it fits
 * in 64 bits. Binding that as a BigInt stores what json_extract would; comparisons are numeric
 * either way, but this keeps typeof(), equality of large values and the stored size the same too.
 */
export function bindable(value: ColumnValue): ColumnValue | bigint {
  if (typeof value !== 'number' || !Number.isInteger(value)) return value;
  if (Number.isSafeInteger(value)) return BigInt(value);
  const digits = String(value); // the text JSON.stringify writes for a number
  if (!/^-?\d+$/.test(digits)) return value;
  const whole = BigInt(digits);
  return whole >= INT64_MIN && whole <= INT64_MAX ? whole : value;
}

/** The column values of a document, in `columnFields(spec)` order. */
export function columnValues(fields: ReadonlyArray<string>, doc: object): ColumnValue[] {
  const record = doc as Record<string, unknown>;
  return fields.map((f) => columnValue(Object.prototype.hasOwnProperty.call(record, f) ? record[f] : undefined));
}
