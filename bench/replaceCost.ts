/**
 * Replace cost on SQLite: microseconds per conditional replace of a realistic opportunity, through
 * the store (query fields as columns, only changed columns set: sqliteColumns.ts) against the
 * earlier layout (JSON document + json_extract expression indexes, every UPDATE re-evaluating and
 * rewriting all of them), reproduced with its own DDL and replace statement and doing the same JS
 * work per replace (schema parse, JSON, new ETag, result). Both in the same run, on files with the
 * store's pragmas (WAL, synchronous=NORMAL), each round alternating which goes first, scenarios interleaved: medians reported.
 *
 * Scenarios, each replacing every stored opportunity once per round, in a fixed shuffled order:
 * * accept: New/Received ↔ Active/Accepted, dueDateTime moving, a history entry and an outbox event
 *   (status, substatus and dueDateTime change: two of the five indexes are concerned);
 * * accept, SQL alone: the same writes, timing only each layout's SQL statements (replaceLayouts.ts),
 *   the documents serialized beforehand: what the layouts cost SQLite, without the JS both share;
 * * edit: notes and updatedDateTime only (no query field changes).
 * REPLACE_BENCH_N (default 7500) opportunities over 100 tenants; REPLACE_BENCH_ROUNDS (default 7).
 * Run: node dist/bench/replaceCost.js (after tsc -p tsconfig.bench.json). Prints figures; asserts
 * only that both layouts end with the same documents.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Opportunity } from '../services/opportunities/opportunity';
import { OPPORTUNITIES } from '../services/store/collections';
import type { BaseDocument, Collection, CollectionSpec, Versioned } from '../services/store/documentStore';
import { SqliteStore } from '../services/store/sqliteStore';
import { makeOpportunity } from '../test/helpers/opportunities';
import { createOldLayout } from '../test/helpers/sqliteOldLayout';
import { ColumnLayoutStatements, OldLayoutReplace } from './replaceLayouts';

const N = Number(process.env.REPLACE_BENCH_N ?? 7_500);
const ROUNDS = Math.max(1, Number(process.env.REPLACE_BENCH_ROUNDS ?? 7));
const TENANTS = 100;

const say = (line = '') => process.stdout.write(`${line}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A received referral as the bot keeps it: reminders planned, announced, one history entry. */
function received(i: number): Opportunity {
  const created = new Date(Date.UTC(2026, 9, 1) + i * 97_000);
  const at = created.toISOString();
  const expiry = new Date(created.getTime() + 14 * 86_400_000).toISOString();
  const reminder = new Date(created.getTime() + 3 * 86_400_000).toISOString();
  return Opportunity.parse(
    makeOpportunity({
      id: `ref-${String(i).padStart(6, '0')}`,
      tenantId: `tenant-${String(i % TENANTS).padStart(3, '0')}`,
      externalId: `pc-${String(i).padStart(8, '0')}`,
      favorite: i % 7 === 0,
      createdDateTime: at,
      updatedDateTime: at,
      expirationDateTime: expiry,
      nextReminderAt: reminder,
      dueDateTime: reminder,
      remindersDone: [],
      customerProfile: {
        ...makeOpportunity().customerProfile,
        team: [
          { firstName: 'Dana', lastName: 'Reyes', email: 'dana.reyes@contoso.example', phoneNumber: '+1 206 555 0100', title: 'Head of Lab Informatics' },
          { firstName: 'Sam', lastName: 'Okafor', email: 'sam.okafor@contoso.example', title: 'Procurement lead' },
        ],
      },
      history: [
        { at, action: 'receive' },
        { at, action: 'announce' },
      ],
    }),
  );
}

/** The same referral just accepted: what the accept turn writes (cards to refresh, due now). */
function accepted(o: Opportunity, round: number): Opportunity {
  const at = new Date(Date.parse(o.createdDateTime) + 3_600_000 + round * 1000).toISOString();
  return {
    ...o,
    status: 'Active',
    substatus: 'Accepted',
    acceptedDateTime: at,
    updatedDateTime: at,
    nextReminderAt: undefined,
    dueDateTime: at,
    team: [{ firstName: 'Avery', lastName: 'Seller', email: 'avery.seller@fabrikam.example', title: 'Account executive' }],
    history: [...o.history, { at, action: 'accept', byUserId: '00000000-0000-0000-0000-00000000a11c', byName: 'Avery Seller' }],
    outbox: [{ id: `cards@${at}`, createdAt: at, kind: 'teams-cards' }],
  };
}

function edited(o: Opportunity, round: number): Opportunity {
  const at = new Date(Date.parse(o.createdDateTime) + 7_200_000 + round * 1000).toISOString();
  return { ...o, updatedDateTime: at, details: { ...o.details, notes: `Customer call ${round}: wants a pilot before the end of the quarter.` } };
}

interface Side {
  name: string;
  replace(doc: Opportunity, etag: string): Promise<Versioned<Opportunity>>;
  /** The same write's SQL statements alone, the JSON made beforehand; returns the new ETag. */
  statements(doc: Opportunity, json: string, etag: string): string;
  etags: Map<string, string>;
  times: Record<Scenario, number[]>;
}
type Scenario = 'accept' | 'accept, SQL alone' | 'edit';
const SCENARIOS: Scenario[] = ['accept', 'accept, SQL alone', 'edit'];

/** A fixed shuffle (same order for both layouts), so writes land across the table as in real use. */
function shuffled(n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let seed = 42;
  for (let i = n - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/**
 * What round `k` writes for a stored referral: accept rounds alternate (even k accepts, odd k goes
 * back), so every one moves the same three fields; edit rounds keep the state they find.
 */
function versionAt(base: Opportunity, scenario: Scenario, k: number, lastAccept: number): Opportunity {
  if (scenario === 'edit') return edited(lastAccept % 2 ? base : accepted(base, lastAccept), k);
  return k % 2 ? base : accepted(base, k);
}

async function round(side: Side, docs: Opportunity[], order: number[], scenario: Scenario, k: number, lastAccept: number): Promise<void> {
  const versions = order.map((i) => versionAt(docs[i]!, scenario, k, lastAccept));
  let started = performance.now();
  if (scenario === 'accept, SQL alone') {
    const jsons = versions.map((v) => JSON.stringify(Opportunity.parse(v)));
    started = performance.now();
    versions.forEach((v, n) => side.etags.set(v.id, side.statements(v, jsons[n]!, side.etags.get(v.id)!)));
  } else {
    for (const v of versions) side.etags.set(v.id, (await side.replace(v, side.etags.get(v.id)!)).etag);
  }
  side.times[scenario].push(((performance.now() - started) * 1000) / order.length);
}

function openFile(path: string): Database.Database {
  const db = new Database(path);
  // The pragmas SqliteStore sets.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cosell-replacebench-'));
  try {
    const docs = Array.from({ length: N }, (_, i) => received(i));
    const bytes = docs.reduce((sum, o) => sum + JSON.stringify(o).length, 0) / N;
    const acceptedBytes = JSON.stringify(accepted(docs[0]!, 1)).length;

    const oldDb = openFile(join(dir, 'old.db'));
    createOldLayout(oldDb, OPPORTUNITIES as unknown as CollectionSpec<BaseDocument>);
    const oldInsert = oldDb.prepare('INSERT INTO "opportunities" (tenant_id, id, etag, doc) VALUES (?, ?, ?, ?)');
    const old = new OldLayoutReplace(oldDb, OPPORTUNITIES);
    const oldSide: Side = {
      name: 'expression indexes (earlier layout)',
      etags: new Map(),
      times: { accept: [], 'accept, SQL alone': [], edit: [] },
      replace: (doc, etag) => old.replace(doc, etag),
      statements: (doc, json, etag) => old.statements(doc, json, etag),
    };
    oldDb.transaction(() => {
      for (const o of docs) {
        const etag = randomUUID();
        oldInsert.run(o.tenantId, o.id, etag, JSON.stringify(o));
        oldSide.etags.set(o.id, etag);
      }
    })();

    const store = new SqliteStore(join(dir, 'new.db'));
    const collection: Collection<Opportunity> = store.collection(OPPORTUNITIES);
    const newDb = (store as unknown as { db: Database.Database }).db;
    const columns = new ColumnLayoutStatements(newDb, OPPORTUNITIES);
    const newSide: Side = {
      name: 'field columns (store)',
      etags: new Map(),
      times: { accept: [], 'accept, SQL alone': [], edit: [] },
      replace: (doc, etag) => collection.replace(doc, etag),
      statements: (doc, json, etag) => columns.statements(doc, json, etag),
    };
    for (const o of docs) newSide.etags.set(o.id, (await collection.create(o)).etag);

    say(`Replace cost (SQLite, WAL, synchronous=NORMAL), ${N.toLocaleString('en-US')} opportunities over ${TENANTS} tenants, ~${Math.round(bytes)} B (accepted: ${acceptedBytes} B), ${ROUNDS} rounds per scenario, alternating (${new Date().toISOString()})`);
    const order = shuffled(N);
    // A warm-up round each (statement cache, page cache, JIT), not counted.
    for (const side of [oldSide, newSide]) {
      await round(side, docs, order, 'accept', 0, 0);
      side.times.accept = [];
    }
    let k = 0;
    let lastAccept = 0;
    // Scenarios interleave round by round, so a slow drift (file growth, other load) meets them all.
    for (let r = 1; r <= ROUNDS; r++) {
      for (const scenario of SCENARIOS) {
        k++;
        // Alternate which side goes first, so neither always follows the other's checkpoint.
        for (const side of k % 2 ? [oldSide, newSide] : [newSide, oldSide]) await round(side, docs, order, scenario, k, lastAccept);
        if (scenario !== 'edit') lastAccept = k;
      }
    }
    for (const scenario of SCENARIOS) {
      const before = median(oldSide.times[scenario]);
      const after = median(newSide.times[scenario]);
      say(`${scenario.padEnd(17)}: ${oldSide.name} ${before.toFixed(1)} µs/replace, ${newSide.name} ${after.toFixed(1)} µs/replace: ${(after / before).toFixed(2)}× (${((1 - after / before) * 100).toFixed(0)}% less)`);
    }

    // Both layouts must have ended with the very same documents.
    const read = (db: Database.Database) => db.prepare('SELECT id, doc FROM "opportunities" ORDER BY tenant_id, id').all() as Array<{ id: string; doc: string }>;
    const a = read(oldDb);
    const b = read(newDb);
    if (a.length !== N || a.some((row, i) => row.doc !== b[i]?.doc)) throw new Error('the two layouts ended with different documents');
    oldDb.pragma('wal_checkpoint(TRUNCATE)');
    newDb.pragma('wal_checkpoint(TRUNCATE)');
    const mib = (f: string) => (statSync(join(dir, f)).size / 2 ** 20).toFixed(1);
    say(`same ${N.toLocaleString('en-US')} documents in both at the end; file size: earlier layout ${mib('old.db')} MiB, field columns ${mib('new.db')} MiB`);
    oldDb.close();
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
