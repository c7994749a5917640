import { ALL_COLLECTIONS } from '../../services/store/collections';
import type { SqliteStore } from '../../services/store/sqliteStore';
import { handleOf } from '../services/store/sqliteLayout';

/**
 * The store skips the schema when it reads back a version it wrote or validated itself
 * (services/store/knownVersions.ts). That is only right if each collection's schema gives back
 * what it was given for its own output: this reads every stored row both ways and compares.
 * Returns how many rows it compared.
 */
export async function expectReadsMatchTheSchema(store: SqliteStore): Promise<number> {
  const db = handleOf(store);
  const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name));
  let compared = 0;
  for (const spec of ALL_COLLECTIONS) {
    if (!tables.has(spec.name)) continue;
    const rows = db.prepare(`SELECT tenant_id AS tenantId, id, doc FROM "${spec.name}"`).all() as Array<{ tenantId: string; id: string; doc: string }>;
    for (const row of rows) {
      const read = await store.collection(spec).get(row.tenantId, row.id);
      expect(read?.value).toEqual(spec.schema.parse(JSON.parse(row.doc)));
      compared++;
    }
  }
  return compared;
}
