/**
 * Contacts CSV import speed: rows per second for parsing and validating 5,000 and 50,000 rows, and
 * for the whole import (check against the stored list + one replace) of 5,000 rows on SQLite.
 * Run: npx ts-node bench/csvImport.ts. Prints figures; asserts nothing (tests never time things).
 */
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

function rate(rows: number, ms: number): string {
  return `${Math.round(rows / (ms / 1000)).toLocaleString('en-US')} rows/s (${ms.toFixed(1)} ms)`;
}

function timeParse(rows: number): void {
  const csv = serializeContactsCsv(contacts(rows));
  parseContactsCsv(csv, { maxRows: rows }); // warm-up
  const runs = rows >= 50_000 ? 3 : 10;
  const start = performance.now();
  for (let r = 0; r < runs; r++) {
    const result = parseContactsCsv(csv, { maxRows: rows });
    if (!result.ok || result.contacts.length !== rows) throw new Error('benchmark file did not import');
  }
  const ms = (performance.now() - start) / runs;
  console.log(`parse + validate ${rows.toLocaleString('en-US')} rows (${(csv.length / 1024).toFixed(0)} KB): ${rate(rows, ms)}`);
}

async function timeImport(rows: number): Promise<void> {
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
  console.log(`full import (check + one replace, SQLite) ${rows.toLocaleString('en-US')} rows: ${rate(rows, ms)}`);
  await store.close();
}

async function main(): Promise<void> {
  timeParse(5_000);
  timeParse(50_000);
  await timeImport(5_000);
}

void main();
