/**
 * Contacts CSV import speed: rows per second for parsing and validating 5,000 and 50,000 rows,
 * against a baseline of csv-parse alone reading the same file with the same options (what any CSV
 * import costs before a single value is checked), and the whole import (check against the stored
 * list + one replace) of 5,000 rows on SQLite.
 * Run: npm run bench (all benchmarks) or node dist/bench/csvImport.js. Prints figures; asserts nothing.
 */
import { parse } from 'csv-parse/sync';
import { performance } from 'node:perf_hooks';
import { ManualClock } from '../services/clock';
import { parseContactsCsv, serializeContactsCsv } from '../services/offers/contactsCsv';
import { ContactsService } from '../services/offers/contactsService';
import type { Contact } from '../services/offers/offer';
import { OfferAccess } from '../services/offers/offerAccess';
import { OfferContactsRepository } from '../services/offers/offerContactsRepository';
import { OfferRepository } from '../services/offers/offerRepository';
import { RoleService } from '../services/roles/roleService';
import { SqliteStore } from '../services/store/sqliteStore';
import { ratio } from './report';

const ROLES = ['PartnerMarketing', 'PartnerSales', 'PartnerTechnicalSales', 'PartnerCustomerSuccessManager'] as const;
const COUNTRY_SETS = [['US'], ['US', 'CA'], ['PL', 'DE', 'CZ', 'SK'], ['OOO'], ['JP']];

function contacts(n: number): Contact[] {
  return Array.from({ length: n }, (_, i) => {
    const countries = COUNTRY_SETS[i % COUNTRY_SETS.length]!;
    return {
      name: `Contact ${i}, "the ${i % 7}th"`,
      email: `contact.${i}@fabrikam.example`,
      jobTitle: i % 3 ? 'Account executive' : 'Solution architect',
      role: ROLES[i % ROLES.length]!,
      countries,
      ...(countries[0] === 'US' ? { stateOrProvince: 'US-WA' } : {}),
    };
  });
}

export interface CsvFigures {
  rows: number;
  kib: number;
  /** csv-parse alone, rows per second. */
  baseline: number;
  /** parseContactsCsv (parse, map columns, validate every value), rows per second. */
  ours: number;
}

export interface CsvBenchResult {
  parse: CsvFigures[];
  /** Whole import of 5,000 rows on SQLite (check + one replace), rows per second. */
  importRows: number;
  importPerSecond: number;
}

/** Mean milliseconds per run of `work`, after one warm-up run. */
function time(runs: number, work: () => void): number {
  work();
  const start = performance.now();
  for (let r = 0; r < runs; r++) work();
  return (performance.now() - start) / runs;
}

function timeParse(rows: number): CsvFigures {
  const csv = serializeContactsCsv(contacts(rows));
  const runs = rows >= 50_000 ? 3 : 10;
  // The same csv-parse options as parseContactsCsv; only the reading, no checks.
  const baselineMs = time(runs, () => {
    const records = parse(csv, { delimiter: ',', record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
    if (records.length !== rows + 1) throw new Error('benchmark file did not parse');
  });
  const oursMs = time(runs, () => {
    const result = parseContactsCsv(csv, { maxRows: rows });
    if (!result.ok || result.contacts.length !== rows) throw new Error('benchmark file did not import');
  });
  return { rows, kib: csv.length / 1024, baseline: rows / (baselineMs / 1000), ours: rows / (oursMs / 1000) };
}

async function timeImport(rows: number): Promise<number> {
  const store = new SqliteStore(':memory:');
  const clock = new ManualClock('2026-11-21T10:00:00Z');
  const roles = new RoleService(store, clock);
  const admin = { userId: 'admin' };
  await roles.ensureFirstAdmin('t', admin);
  const offers = new OfferRepository(store);
  const service = new ContactsService(offers, new OfferContactsRepository(store), new OfferAccess(roles), clock);
  const now = clock.now().toISOString();
  await offers.create({
    id: 'o', tenantId: 't', name: 'Bench', nameKey: 'bench', offerType: 'saas', published: true, businessProfileComplete: true, cspOptIn: false,
    transactable: false, solutionType: 'IP', platforms: [], segments: [], solutionAreas: [], markets: [], documents: [], createdAt: now, updatedAt: now, createdBy: admin, updatedBy: admin,
  });
  const csv = serializeContactsCsv(contacts(rows));
  const start = performance.now();
  const check = await service.prepareImport('t', admin, 'o', csv);
  if (!check.ok) throw new Error('benchmark file did not import');
  await service.applyImport('t', admin, check.plan);
  const ms = performance.now() - start;
  await store.close();
  return rows / (ms / 1000);
}

export async function runCsvBenchmark(): Promise<CsvBenchResult> {
  const parseFigures = [timeParse(5_000), timeParse(50_000)];
  return { parse: parseFigures, importRows: 5_000, importPerSecond: await timeImport(5_000) };
}

const perSecond = (n: number) => `${Math.round(n).toLocaleString('en-US')} rows/s`.padStart(16);

export function printCsv(result: CsvBenchResult): void {
  const out = (line = '') => process.stdout.write(line + '\n');
  out('\nContacts CSV import (rows/s; baseline = csv-parse alone on the same file)');
  out(`${'rows'.padEnd(22)}${'csv-parse'.padStart(16)}${'parse + validate'.padStart(18)}  vs baseline`);
  for (const f of result.parse) {
    out(`${`${f.rows.toLocaleString('en-US')} (${f.kib.toFixed(0)} KiB)`.padEnd(22)}${perSecond(f.baseline)}${perSecond(f.ours).padStart(18)}  ${ratio(f.ours, f.baseline)}`);
  }
  out(`full import of ${result.importRows.toLocaleString('en-US')} rows on SQLite (check + one replace): ${perSecond(result.importPerSecond).trim()}`);
}

if (require.main === module) {
  runCsvBenchmark().then(printCsv, (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
