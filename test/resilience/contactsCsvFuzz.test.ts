import fc from 'fast-check';
import { csvProblemLines } from '../../bot/offers/csvProblemText';
import { Translator } from '../../services/i18n/catalog';
import { CSV_COLUMNS, MAX_CONTACT_ROWS, type CsvProblemCode } from '../../services/offers/contactsCsv';
import { Contact } from '../../services/offers/offer';
import { SqliteStore } from '../../services/store/sqliteStore';
import { ADMIN, offerServices } from '../helpers/offerServices';
import { fuzzParameters, fuzzTimeout, nastyString } from '../helpers/fuzz';
import { makeListing } from '../helpers/offers';
import { snapshotChanges, storeSnapshot } from '../helpers/storeSnapshot';

/**
 * Contacts CSV files, random and almost right, through the import (check, then replace): nothing
 * throws, a file with any problem changes nothing and every problem reads as a sentence, and a
 * file that passes stores exactly the contacts it holds.
 */

const T = 'tenant-a';
const CODES: ReadonlyArray<CsvProblemCode> = [
  'emptyFile', 'syntax', 'missingColumn', 'unknownColumn', 'duplicateColumn', 'tooManyRows', 'tooManyFields', 'required', 'tooLong',
  'invalidEmail', 'invalidRole', 'invalidCountry', 'allCountriesCombined', 'invalidState', 'stateNotInCountries', 'duplicateContact', 'tooLarge',
];

const HEADERS = [...CSV_COLUMNS, 'Full name', 'E-mail address', 'Countries', 'title', 'STATE', 'Notes'];

/** Values that pass, and near misses, per column. */
const CELLS: Record<string, string[]> = {
  Name: ['Sam Seller', 'Ana María Núñez', 'x'.repeat(101), ''],
  Email: ['sam@fabrikam.example', 'SAM@fabrikam.example', 'ana@contoso.example', 'not-an-email', 'a@b', ''],
  'Job title': ['Account executive', 'CTO', ''],
  Role: ['Partner sales', 'Partner marketing', 'PartnerTechnicalSales', 'partner customer success manager', 'Sales', ''],
  Country: ['US', 'US,CA', 'us; de', 'OOO', 'OOO,US', 'ZZ', 'USA', ''],
  'State/province': ['', 'US-WA', 'CA-ON', 'XX-YY', 'WA'],
};

const cell = (column: string) => fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...(CELLS[column] ?? [''])) }, { weight: 1, arbitrary: nastyString });

interface Layout {
  delimiter: string;
  newline: string;
  bom: boolean;
  quoteAll: boolean;
  trailingNewline: boolean;
}

function render(rows: string[][], layout: Layout): string {
  const quote = (v: string) => (layout.quoteAll || /[",;\t\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const text = rows.map((r) => r.map(quote).join(layout.delimiter)).join(layout.newline);
  return `${layout.bom ? '\uFEFF' : ''}${text}${layout.trailingNewline ? layout.newline : ''}`;
}

const layout: fc.Arbitrary<Layout> = fc.record({
  delimiter: fc.constantFrom(',', ',', ';', '\t'),
  newline: fc.constantFrom('\r\n', '\n', '\r'),
  bom: fc.boolean(),
  quoteAll: fc.boolean(),
  trailingNewline: fc.boolean(),
});

/** A file shaped like the template: a header (usually the right one) and rows of plausible values. */
const shapedFile = fc
  .tuple(
    fc.oneof({ weight: 4, arbitrary: fc.constant([...CSV_COLUMNS] as string[]) }, { weight: 1, arbitrary: fc.shuffledSubarray(HEADERS) }),
    fc.nat({ max: 12 }),
    layout,
  )
  .chain(([header, count, l]) =>
    fc
      .array(fc.tuple(...header.map((h) => cell(h))).chain((row) => fc.oneof({ weight: 6, arbitrary: fc.constant(row) }, { weight: 1, arbitrary: fc.array(nastyString, { maxLength: header.length + 2 }) })), {
        minLength: count,
        maxLength: count,
      })
      .map((rows) => render([header, ...rows], l)),
  );

/** Typing errors: characters inserted, deleted or replaced at random places. */
const edited = shapedFile.chain((text) =>
  fc
    .array(fc.record({ at: fc.nat(), remove: fc.nat({ max: 3 }), insert: fc.oneof(fc.constant(''), fc.constantFrom('"', ',', ';', '\n', '\r', '\t', '\uFEFF'), nastyString) }), {
      minLength: 1,
      maxLength: 4,
    })
    .map((edits) => edits.reduce((t, e) => t.slice(0, e.at % (t.length + 1)) + e.insert + t.slice((e.at % (t.length + 1)) + e.remove), text)),
);

const file = fc.oneof(
  { weight: 4, arbitrary: shapedFile },
  { weight: 3, arbitrary: edited },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 400 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 400 }) },
);

describe('fuzzing the contacts CSV import', () => {
  let store: SqliteStore;
  let s: Awaited<ReturnType<typeof offerServices>>;
  let offerId: string;
  const tr = new Translator('en-US');

  beforeAll(async () => {
    store = new SqliteStore(':memory:');
    s = await offerServices(store, T);
    offerId = (await s.offers.create(T, ADMIN, makeListing())).value.id;
  });
  afterAll(() => store.close());

  it('imports a good file exactly, and refuses any other without a change, naming every problem', async () => {
    const outcomes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(file, async (csv) => {
        const before = await storeSnapshot(store);
        const check = await s.contacts.prepareImport(T, ADMIN, offerId, csv);

        if (!check.ok) {
          outcomes.add('refused');
          expect(check.problems.length).toBeGreaterThan(0);
          for (const p of check.problems) {
            expect(CODES).toContain(p.code);
            if (p.row !== undefined) expect(Number.isInteger(p.row) && p.row >= 1).toBe(true);
            if (p.column !== undefined) expect(CSV_COLUMNS).toContain(p.column);
          }
          const { lines, more } = csvProblemLines(check.problems, tr);
          expect(lines.length + more).toBeGreaterThan(0);
          for (const line of lines) {
            expect(line.trim()).not.toBe('');
            expect(line).not.toContain('offers.contacts.problem');
            // Every placeholder was filled (unless the file itself had braces to quote back).
            if (!csv.includes('{')) expect(line).not.toMatch(/\{\w+\}/);
          }
          expect(snapshotChanges(before, await storeSnapshot(store))).toEqual([]);
          return;
        }

        outcomes.add('imported');
        const { contacts } = check.plan;
        expect(contacts.length).toBeLessThanOrEqual(MAX_CONTACT_ROWS);
        for (const c of contacts) expect(Contact.safeParse(c).success).toBe(true);
        await s.contacts.applyImport(T, ADMIN, check.plan);
        expect(await s.contacts.list(T, offerId)).toEqual(contacts);
        for (const change of snapshotChanges(before, await storeSnapshot(store))) expect(change).toMatch(/^(added|rewrote) offerContacts\//);
      }),
      fuzzParameters(800),
    );
    expect([...outcomes].sort()).toEqual(['imported', 'refused']);
  }, fuzzTimeout(60_000));
});
