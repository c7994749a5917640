/**
 * Sweep scaling: the time to find and process the same 1,000 due referrals when the store holds
 * 10,000 referrals and when it holds 1,000,000 (SQLite). The sweep looks them up with an indexed
 * query on dueDateTime, so its cost should follow what is due, not what is stored: target ratio
 * (1M / 10k) ≤ 1.5. Also prints SQLite's plan for the exact statement the store ran (the run fails
 * unless, at every size, it is a range search of the dueDateTime column index), and checks the
 * same due query on the Cosmos-protocol server plus the indexing policy the ARM template deploys.
 *
 * The stores are built once into SWEEP_BENCH_DIR (default: <tmp>/cosell-sweepbench) and reused
 * while their marker file matches; each run first restores the 1,000 due referrals, so runs repeat.
 * SWEEP_SIZES (default "10000,1000000") picks the store sizes; SWEEP_REBUILD=1 forces a rebuild;
 * SWEEP_ROUNDS (default 5) rounds per size, alternating between sizes, each from the restored due
 * set: the medians are reported.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../services/clock';
import { DAY_MS } from '../services/clock';
import { LEASES, SYSTEM_PARTITION } from '../services/jobs/lease';
import type { Opportunity } from '../services/opportunities/opportunity';
import { OpportunityRepository } from '../services/opportunities/opportunityRepository';
import { codeTag } from '../services/store/codeTag';
import { OPPORTUNITIES } from '../services/store/collections';
import { CosmosStore } from '../services/store/cosmosStore';
import { bindable, columnFields, columnValues, fieldColumn } from '../services/store/sqliteColumns';
import { declaredIndexes } from '../services/store/sqliteSchema';
import { SqliteStore } from '../services/store/sqliteStore';
import { startCosmosServer } from '../test/helpers/cosmosServer';
import { CountingSender, fmt, receivedReferralTemplate, referralCopy, say, seconds, storedForm, sweepServices, sweepUntilDone, total, type ReferralState } from './sweepFixtures';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const DUE = 1_000;
const TENANTS = 1_000;
const CHUNK = 20_000;
/** Bump when the generated data changes, so old stores are rebuilt. */
const FORMAT = 'sweep-scaling-v3'; // v2: query fields as columns (sqliteColumns.ts); v3: stamped revisions, validated_by

const dir = process.env.SWEEP_BENCH_DIR ?? join(tmpdir(), 'cosell-sweepbench');
const sizes = (process.env.SWEEP_SIZES ?? '10000,1000000').split(',').map((s) => Number(s.trim()));
const rebuild = process.env.SWEEP_REBUILD === '1';
const rounds = Math.max(1, Number(process.env.SWEEP_ROUNDS ?? 5));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const tenantOf = (i: number) => `tenant-${String(i % TENANTS).padStart(4, '0')}`;
const channelOf = (tenantId: string) => `19:referrals-${tenantId}@thread.tacv2`;

/** Document i of a store: the first DUE ones (one per tenant) have their 7-day reminder due now. */
function documentAt(template: Opportunity, i: number): Opportunity {
  const state: ReferralState = i < DUE ? 'reminderDue' : i % 2 ? 'waiting' : 'accepted';
  // Deterministic ages: due ones 7 days + a little; waiting ones under 6.5 days (next reminder ahead).
  const ageMs = state === 'reminderDue' ? 7 * DAY_MS + (i % 3600) * 1000 : state === 'waiting' ? (i * 7919) % Math.floor(6.5 * DAY_MS) : (i * 104_729) % (60 * DAY_MS);
  return referralCopy(template, tenantOf(i), `pc-${String(i).padStart(7, '0')}`, state, NOW, ageMs);
}

/** The private better-sqlite3 handle of a SqliteStore (benchmark-only: bulk load, query plans). */
function handleOf(store: SqliteStore): Database.Database {
  return (store as unknown as { db: Database.Database }).db;
}

async function build(path: string, size: number, template: Opportunity): Promise<number> {
  const started = Date.now();
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const store = new SqliteStore(path);
  const clock = new ManualClock(NOW);
  const s = sweepServices(store, clock, new CountingSender());
  // Every tenant has a referrals channel (so each due referral has one reminder to send).
  for (let t = 0; t < TENANTS; t++) {
    const tenantId = tenantOf(t);
    await s.conversations.save({
      tenantId,
      conversationId: channelOf(tenantId),
      kind: 'channel',
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/amer/',
      bot: { id: '28:cosell-bot' },
      teamId: `19:team-${tenantId}@thread.tacv2`,
      locale: 'en-US',
      updatedAt: NOW.toISOString(),
    });
    await s.settings.setReferralsChannel(tenantId, channelOf(tenantId), 'aad-admin');
  }
  // Creates the table and indexes exactly as the store does, then bulk-inserts in big transactions.
  // The row is what SqliteCollection.create writes: (tenant_id, id, etag = a UUID, validated_by =
  // this build's code tag, doc = the JSON of the schema-parsed and stamped document, one column per
  // query field with the store's own column values). The
  // documents are copies of one the real ReferralService stored, their due time derived by
  // withDueTime like every repository write; a sample of them is checked against Opportunity.parse,
  // and every row's columns against json_extract of its document after the load, so the direct
  // insert cannot drift from what the store would write.
  store.collection(OPPORTUNITIES);
  const db = handleOf(store);
  const fields = columnFields(OPPORTUNITIES as unknown as Parameters<typeof columnFields>[0]);
  const insert = db.prepare(
    `INSERT INTO "opportunities" (tenant_id, id, etag, validated_by, doc${fields.map((f) => `, ${fieldColumn(f)}`).join('')}) VALUES (?, ?, ?, ?, ?${', ?'.repeat(fields.length)})`,
  );
  const tag = codeTag();
  const insertChunk = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const o = documentAt(template, i);
      const json = JSON.stringify(o);
      if (i % 997 === 0 && json !== storedForm(o)) throw new Error(`document ${i} differs from what the store would write`);
      insert.run(o.tenantId, o.id, createHash('sha1').update(`${i}`).digest('hex'), tag, json, ...columnValues(fields, o).map(bindable));
    }
  });
  for (let from = 0; from < size; from += CHUNK) {
    insertChunk(from, Math.min(size, from + CHUNK));
    if (size >= 100_000 && from % 200_000 === 0) process.stdout.write(`  … ${fmt(from + CHUNK)} documents\n`);
  }
  const drift = fields.map((f) => `NOT (${fieldColumn(f)} IS json_extract(doc, '$.${f}'))`).join(' OR ');
  const drifted = (db.prepare(`SELECT count(*) AS n FROM "opportunities" WHERE ${drift}`).get() as { n: number }).n;
  if (drifted) throw new Error(`${drifted} rows have field columns that differ from their documents`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  await store.close();
  return Date.now() - started;
}

interface Measured {
  size: number;
  buildMs?: number;
  queryMs: number;
  sweepMs: number;
  sweeps: number;
  sent: number;
  unique: number;
  leftDue: number;
  plan: string[];
  sql: string;
}

/** The global index the store declares on dueDateTime (sqliteSchema.ts names it). */
const DUE_INDEX = declaredIndexes(OPPORTUNITIES as unknown as Parameters<typeof declaredIndexes>[0]).find((ix) => ix.columns === fieldColumn('dueDateTime'))?.name;

/** The due query must be a range search of the dueDateTime index, never a scan of the table. */
function usesDueIndex(plan: ReadonlyArray<string>): boolean {
  const search = new RegExp(`^SEARCH opportunities USING (COVERING )?INDEX ${DUE_INDEX} \\(f_dueDateTime<\\?\\)`);
  return DUE_INDEX !== undefined && plan.some((line) => search.test(line)) && !plan.some((line) => line.startsWith('SCAN'));
}

async function countDue(repo: OpportunityRepository): Promise<number> {
  let n = 0;
  let continuation: string | undefined;
  do {
    const page = await repo.listDue(NOW, 50, continuation);
    n += page.items.length;
    continuation = page.continuation;
  } while (continuation);
  return n;
}

/** A store of `size` referrals, built unless a matching one is already on disk, opened for measuring. */
interface Subject {
  size: number;
  buildMs?: number;
  store: SqliteStore;
  db: Database.Database;
  queryTimes: number[];
  sweepTimes: number[];
  last: { sweeps: number; sent: number; unique: number; leftDue: number };
  sql: string;
}

async function open(size: number, template: Opportunity): Promise<Subject> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `store-${size}.db`);
  const marker = `${path}.ready`;
  const stamp = `${FORMAT} ${size} ${createHash('sha256').update(storedForm(documentAt(template, 0))).digest('hex').slice(0, 16)}`;
  let buildMs: number | undefined;
  if (rebuild || !existsSync(marker) || readFileSync(marker, 'utf8') !== stamp) {
    say(`building a store of ${fmt(size)} referrals in ${path} …`);
    buildMs = await build(path, size, template);
    writeFileSync(marker, stamp);
  } else {
    say(`reusing the store of ${fmt(size)} referrals in ${path}`);
  }
  const store = new SqliteStore(path);
  return { size, buildMs, store, db: handleOf(store), queryTimes: [], sweepTimes: [], last: { sweeps: 0, sent: 0, unique: 0, leftDue: 0 }, sql: '' };
}

/** One round: restore the due set, time the due query alone, then time the sweeps that find and process it. */
async function round(subject: Subject, template: Opportunity): Promise<void> {
  const { store, db } = subject;
  const sender = new CountingSender();
  const s = sweepServices(store, new ManualClock(NOW), sender);
  // Restore the due set (the previous round answered it) and any lease a killed run left behind.
  const collection = store.collection(OPPORTUNITIES);
  for (let i = 0; i < DUE; i++) await collection.upsert(documentAt(template, i));
  await store.collection(LEASES).delete(SYSTEM_PARTITION, 'sweep');

  // Record the SQL the store runs for the due query, to ask SQLite for its plan afterwards.
  const statements: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((text: string) => {
    statements.push(text);
    return prepare(text);
  }) as typeof db.prepare;
  let started = performance.now();
  const due = await countDue(s.opportunities);
  subject.queryTimes.push(performance.now() - started);
  db.prepare = prepare;
  if (due !== DUE) throw new Error(`expected ${DUE} due referrals, found ${due}`);
  subject.sql = statements.find((q) => q.includes('dueDateTime') && q.includes('ORDER BY')) ?? subject.sql;

  started = performance.now();
  const reports = await sweepUntilDone(s.sweeper);
  subject.sweepTimes.push(performance.now() - started);
  subject.last = { sweeps: reports.length, sent: total(reports, 'remindersSent'), unique: new Set(sender.ids).size, leftDue: await countDue(s.opportunities) };
  const l = subject.last;
  if (l.sent !== DUE || l.unique !== DUE || l.leftDue !== 0) throw new Error(`the sweep did not process exactly the due referrals: ${JSON.stringify(l)}`);
}

async function measure(subject: Subject): Promise<Measured> {
  const { size, buildMs, db, sql } = subject;
  const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(NOW.toISOString(), 51) as Array<{ detail: string }>).map((r) => r.detail);
  await subject.store.close();
  return { size, buildMs, queryMs: median(subject.queryTimes), sweepMs: median(subject.sweepTimes), ...subject.last, plan, sql };
}

/** The same due query on the Cosmos-protocol server, with a small data set across tenants. */
async function checkCosmos(template: Opportunity): Promise<string> {
  const server = await startCosmosServer();
  const store = new CosmosStore({ endpoint: server.endpoint, key: server.key, agent: server.agent, database: 'sweep-bench', createIfMissing: true });
  try {
    await store.init();
    const repo = new OpportunityRepository(store);
    const docs = Array.from({ length: 60 }, (_, i) => documentAt(template, i < 12 ? i : DUE + i));
    for (const o of docs) await repo.create(o);
    const expected = docs
      .filter((o) => o.dueDateTime !== undefined && o.dueDateTime <= NOW.toISOString())
      .sort((a, b) => (a.dueDateTime! < b.dueDateTime! ? -1 : a.dueDateTime! > b.dueDateTime! ? 1 : a.id < b.id ? -1 : 1))
      .map((o) => `${o.tenantId}/${o.id}`);
    const got: string[] = [];
    let continuation: string | undefined;
    let pages = 0;
    do {
      const page = await repo.listDue(NOW, 5, continuation);
      got.push(...page.items.map((v) => `${v.value.tenantId}/${v.value.id}`));
      continuation = page.continuation;
      pages++;
    } while (continuation);
    const ok = JSON.stringify(got) === JSON.stringify(expected);
    return `${ok ? 'correct' : 'WRONG'}: ${got.length} due of ${docs.length} stored (${docs.length - expected.length} not due or never due), ${pages} pages of 5, earliest first across ${new Set(got.map((g) => g.split('/')[0])).size} tenants${ok ? '' : `\n  expected ${JSON.stringify(expected)}\n  got      ${JSON.stringify(got)}`}`;
  } finally {
    await store.close();
    await server.stop();
  }
}

function armIndexingPolicy(): string[] {
  const path = 'deploymentTemplates/deployUseExistResourceGroup/template-BotApp-with-rg.json';
  // From bench/ under ts-node, from dist/bench/ when compiled (npm run bench).
  const file = [join(__dirname, '..', path), join(__dirname, '..', '..', path)].find((f) => existsSync(f)) ?? path;
  const template = JSON.parse(readFileSync(file, 'utf8')) as {
    variables: { cosmosContainers: Array<{ name: string; indexingPolicy: { includedPaths: Array<{ path: string }>; excludedPaths: Array<{ path: string }>; compositeIndexes?: Array<Array<{ path: string; order: string }>> } }> };
  };
  const opportunities = template.variables.cosmosContainers.find((c) => c.name === 'opportunities');
  if (!opportunities) return [`${path}: no opportunities container!`];
  const p = opportunities.indexingPolicy;
  const due = p.includedPaths.some((i) => i.path === '/dueDateTime/?');
  const composite = (p.compositeIndexes ?? []).find((c) => c[0]?.path === '/dueDateTime');
  return [
    `${path} variables.cosmosContainers[opportunities].indexingPolicy:`,
    `  includedPaths: ${p.includedPaths.map((i) => i.path).join(' ')}`,
    `  excludedPaths: ${p.excludedPaths.map((i) => i.path).join(' ')}`,
    `  composite for the due query: ${composite ? composite.map((c) => `${c.path} ${c.order}`).join(', ') : 'NONE'}`,
    `  /dueDateTime/? indexed: ${due ? 'yes' : 'NO'}`,
  ];
}

async function main(): Promise<void> {
  const template = await receivedReferralTemplate(new ManualClock(NOW));
  say(`Sweep scaling (SQLite), ${DUE} due referrals over ${TENANTS} tenants, real Sweeper with a counting sender (${new Date().toISOString()})`);
  const subjects: Subject[] = [];
  for (const size of sizes) subjects.push(await open(size, template));
  // Rounds alternate between the stores, so both see the same machine (cache, JIT, other load).
  for (let r = 0; r < rounds; r++) for (const subject of subjects) await round(subject, template);
  const results: Measured[] = [];
  for (const subject of subjects) {
    const m = await measure(subject);
    results.push(m);
    say(
      `${fmt(m.size).padStart(10)} stored${m.buildMs !== undefined ? ` (built in ${seconds(m.buildMs)})` : ''}: median of ${rounds} rounds: due query alone ${seconds(m.queryMs)}, ` +
        `find + process ${seconds(m.sweepMs)} (${m.sweeps} sweeps, ${m.sent} reminders sent, ${m.unique} distinct, ${m.leftDue} left due)`,
    );
  }
  const small = results[0];
  const big = results[results.length - 1];
  if (small && big && small !== big) {
    const ratio = big.sweepMs / small.sweepMs;
    say(`ratio ${fmt(big.size)} / ${fmt(small.size)}: sweep ${ratio.toFixed(2)}× (target ≤ 1.5: ${ratio <= 1.5 ? 'met' : 'NOT met'}), due query alone ${(big.queryMs / small.queryMs).toFixed(2)}×`);
  }
  if (big) {
    say(`SQLite plan of the due query (${fmt(big.size)} stored): ${big.sql.replace(/\s+/g, ' ')}`);
    for (const line of big.plan) say(`  ${line}`);
  }
  for (const m of results) {
    const ok = usesDueIndex(m.plan);
    say(`plan check (${fmt(m.size)} stored): the due query ${ok ? 'searches' : 'does NOT search'} the index ${DUE_INDEX ?? '(none declared!)'}${ok ? '' : `: ${m.plan.join(' | ')}`}`);
    if (!ok) process.exitCode = 1;
  }
  say(`Cosmos due query (Cosmos-protocol server): ${await checkCosmos(template)}`);
  for (const line of armIndexingPolicy()) say(line);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
