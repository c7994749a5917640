import fc from 'fast-check';
import {
  contactsTemplateCsv,
  MAX_CONTACT_ROWS,
  parseContactsCsv,
  sameContacts,
  serializeContactsCsv,
  type ContactsCsvResult,
  type CsvProblem,
} from '../../../services/offers/contactsCsv';
import { CONTACT_ROLES, Contact } from '../../../services/offers/offer';

const HEADER = 'Name,Email,Job title,Role,Country,State/province';

function contactsOf(result: ContactsCsvResult) {
  if (!result.ok) throw new Error(`expected a valid file, got ${JSON.stringify(result.problems)}`);
  return result.contacts;
}

function problemsOf(result: ContactsCsvResult): CsvProblem[] {
  if (result.ok) throw new Error('expected problems, the file was accepted');
  return result.problems;
}

describe('contacts CSV: valid files', () => {
  it('reads the template (header only) as an empty list', () => {
    expect(contactsOf(parseContactsCsv(contactsTemplateCsv()))).toEqual([]);
  });

  it('reads a Partner Center style file: BOM, CRLF, quoted country lists, states', () => {
    const csv =
      '\uFEFF' +
      [
        HEADER,
        'Sam Seller,sam@fabrikam.example,Account executive,Partner sales,"US,CA,FR",US-WA',
        'Mia Marketer,mia@fabrikam.example,Marketing lead,Partner marketing,OOO,',
        '"Tech, Tara",tara@fabrikam.example,Architect,Partner technical sales,PL,PL-14',
        'Cole CSM,cole@fabrikam.example,CSM,Partner customer success manager,DE,',
      ].join('\r\n') +
      '\r\n';
    expect(contactsOf(parseContactsCsv(csv))).toEqual([
      { name: 'Sam Seller', email: 'sam@fabrikam.example', jobTitle: 'Account executive', role: 'PartnerSales', countries: ['US', 'CA', 'FR'], stateOrProvince: 'US-WA' },
      { name: 'Mia Marketer', email: 'mia@fabrikam.example', jobTitle: 'Marketing lead', role: 'PartnerMarketing', countries: ['OOO'] },
      { name: 'Tech, Tara', email: 'tara@fabrikam.example', jobTitle: 'Architect', role: 'PartnerTechnicalSales', countries: ['PL'], stateOrProvince: 'PL-14' },
      { name: 'Cole CSM', email: 'cole@fabrikam.example', jobTitle: 'CSM', role: 'PartnerCustomerSuccessManager', countries: ['DE'] },
    ]);
  });

  it('reads semicolon-separated files (spreadsheets in many locales), with unquoted country lists', () => {
    const csv = 'Name;Email;Job title;Role;Country;State/province\nAnna;anna@fabrikam.example;Sprzedaż;Partner sales;PL,DE,CZ;\n';
    expect(contactsOf(parseContactsCsv(csv))[0]?.countries).toEqual(['PL', 'DE', 'CZ']);
  });

  it('reads tab-separated files and lone CR or LF line ends', () => {
    expect(contactsOf(parseContactsCsv('Name\tEmail\tJob title\tRole\tCountry\nA\ta@x.example\tT\tPartner sales\tUS\n'))).toHaveLength(1);
    expect(contactsOf(parseContactsCsv(`${HEADER}\rA,a@x.example,T,Partner sales,US,\rB,b@x.example,T,Partner sales,CA,`))).toHaveLength(2);
  });

  it('accepts columns in any order, header spellings, no state column, blank rows', () => {
    const csv = ['country, ROLE ,Email address,Job Title,Full name', '', 'us;ca,partner SALES,a@x.example,VP,Ann', ',,,,', ''].join('\n');
    expect(contactsOf(parseContactsCsv(csv))).toEqual([
      { name: 'Ann', email: 'a@x.example', jobTitle: 'VP', role: 'PartnerSales', countries: ['US', 'CA'] },
    ]);
  });

  it('keeps quotes and line breaks inside quoted fields, trims spaces around values', () => {
    const csv = `${HEADER}\n"  Ann ""the closer"" Lee ","a@x.example","Head of\nsales",Partner sales," US , CA ",us-wa\n`;
    expect(contactsOf(parseContactsCsv(csv))[0]).toEqual({
      name: 'Ann "the closer" Lee',
      email: 'a@x.example',
      jobTitle: 'Head of\nsales',
      role: 'PartnerSales',
      countries: ['US', 'CA'],
      stateOrProvince: 'US-WA',
    });
  });

  it('lets the same person appear with two roles, and in a state of any country when they cover all (OOO)', () => {
    const csv = `${HEADER}\nA,a@x.example,T,Partner sales,US,\nA,a@x.example,T,Partner technical sales,OOO,JP-13\n`;
    expect(contactsOf(parseContactsCsv(csv))).toHaveLength(2);
  });
});

describe('contacts CSV: every kind of invalid row, all reported, nothing accepted', () => {
  const row = (cells: string) => parseContactsCsv(`${HEADER}\n${cells}\n`);
  const cases: Array<[string, string, CsvProblem[]]> = [
    ['missing name', ',a@x.example,T,Partner sales,US,', [{ code: 'required', row: 2, column: 'Name' }]],
    ['missing email', 'A,,T,Partner sales,US,', [{ code: 'required', row: 2, column: 'Email' }]],
    ['missing job title', 'A,a@x.example,,Partner sales,US,', [{ code: 'required', row: 2, column: 'Job title' }]],
    ['missing role', 'A,a@x.example,T,,US,', [{ code: 'required', row: 2, column: 'Role' }]],
    ['missing country', 'A,a@x.example,T,Partner sales,,', [{ code: 'required', row: 2, column: 'Country' }]],
    ['name too long', `${'n'.repeat(101)},a@x.example,T,Partner sales,US,`, [{ code: 'tooLong', row: 2, column: 'Name', value: '100' }]],
    ['job title too long', `A,a@x.example,${'t'.repeat(101)},Partner sales,US,`, [{ code: 'tooLong', row: 2, column: 'Job title', value: '100' }]],
    ['bad email', 'A,not-an-email,T,Partner sales,US,', [{ code: 'invalidEmail', row: 2, column: 'Email', value: 'not-an-email' }]],
    ['unknown role', 'A,a@x.example,T,Sales wizard,US,', [{ code: 'invalidRole', row: 2, column: 'Role', value: 'Sales wizard' }]],
    ['alpha-3 country', 'A,a@x.example,T,Partner sales,USA,', [{ code: 'invalidCountry', row: 2, column: 'Country', value: 'USA' }]],
    [
      'unknown countries among good ones',
      'A,a@x.example,T,Partner sales,"US,XX,ZZ",',
      [
        { code: 'invalidCountry', row: 2, column: 'Country', value: 'XX' },
        { code: 'invalidCountry', row: 2, column: 'Country', value: 'ZZ' },
      ],
    ],
    ['OOO combined with countries', 'A,a@x.example,T,Partner sales,"OOO,US",', [{ code: 'allCountriesCombined', row: 2, column: 'Country' }]],
    ['state without country part', 'A,a@x.example,T,Partner sales,US,WA', [{ code: 'invalidState', row: 2, column: 'State/province', value: 'WA' }]],
    ['state in a made-up country', 'A,a@x.example,T,Partner sales,US,QQ-WA', [{ code: 'invalidState', row: 2, column: 'State/province', value: 'QQ-WA' }]],
    ['state of a country the contact does not cover', 'A,a@x.example,T,Partner sales,US,CA-ON', [{ code: 'stateNotInCountries', row: 2, column: 'State/province', value: 'CA-ON' }]],
    ['more fields than columns', 'A,a@x.example,T,Partner sales,US,US-WA,surprise', [{ code: 'tooManyFields', row: 2, value: 'surprise' }]],
  ];

  it.each(cases)('%s', (_name, cells, expected) => {
    expect(problemsOf(row(cells))).toEqual(expected);
  });

  it('reports a duplicate contact (same email and role) with the row it repeats', () => {
    const csv = `${HEADER}\nA,a@x.example,T,Partner sales,US,\nB,A@X.example,T,Partner sales,CA,\n`;
    expect(problemsOf(parseContactsCsv(csv))).toEqual([{ code: 'duplicateContact', row: 3, column: 'Email', value: '2' }]);
  });

  it('lists every problem of every row, by row and column, and accepts none of the good rows', () => {
    const csv = [HEADER, 'Good,good@x.example,T,Partner sales,US,', ',bad,,Boss,USA,', 'Good2,good2@x.example,T,Partner sales,CA,', 'X,x@x.example,T,Partner sales,,'].join('\n');
    expect(problemsOf(parseContactsCsv(csv))).toEqual([
      { code: 'required', row: 3, column: 'Name' },
      { code: 'invalidEmail', row: 3, column: 'Email', value: 'bad' },
      { code: 'required', row: 3, column: 'Job title' },
      { code: 'invalidRole', row: 3, column: 'Role', value: 'Boss' },
      { code: 'invalidCountry', row: 3, column: 'Country', value: 'USA' },
      { code: 'required', row: 5, column: 'Country' },
    ]);
  });
});

describe('contacts CSV: file-level problems', () => {
  it('refuses an empty file', () => {
    expect(problemsOf(parseContactsCsv(''))).toEqual([{ code: 'emptyFile' }]);
    expect(problemsOf(parseContactsCsv('\uFEFF \r\n'))).toEqual([{ code: 'emptyFile' }]);
  });

  it('refuses a quote that is never closed, saying in which row it opens', () => {
    const csv = `${HEADER}\nA,a@x.example,T,Partner sales,US,\nB,"b@x.example,T,Partner sales,US,\nC,c@x.example,T,Partner sales,US,\n`;
    expect(problemsOf(parseContactsCsv(csv))).toEqual([{ code: 'syntax', row: 3 }]);
  });

  it('keeps a stray quote inside an unquoted value as text', () => {
    expect(contactsOf(parseContactsCsv(`${HEADER}\nAnn O"Neil,a@x.example,T,Partner sales,US,\n`))[0]?.name).toBe('Ann O"Neil');
  });

  it('names missing, unknown and repeated columns', () => {
    expect(problemsOf(parseContactsCsv('Name,Email,Role,Country,Phone,E-mail\n'))).toEqual([
      { code: 'unknownColumn', row: 1, value: 'Phone' },
      { code: 'duplicateColumn', row: 1, column: 'Email', value: 'E-mail' },
      { code: 'missingColumn', column: 'Job title' },
    ]);
  });

  it('refuses more rows than one offer can hold', () => {
    const rows = Array.from({ length: MAX_CONTACT_ROWS + 1 }, (_, i) => `P${i},p${i}@x.example,T,Partner sales,US,`);
    expect(problemsOf(parseContactsCsv([HEADER, ...rows].join('\n')))).toEqual([{ code: 'tooManyRows', value: String(MAX_CONTACT_ROWS) }]);
  });
});

describe('contacts CSV: size and round trip', () => {
  it('imports a 5,000-row file', () => {
    const rows = Array.from({ length: 5_000 }, (_, i) => `Person ${i},p${i}@fabrikam.example,Seller,${i % 2 ? 'Partner sales' : 'Partner marketing'},"US,CA",US-WA`);
    const contacts = contactsOf(parseContactsCsv([HEADER, ...rows].join('\r\n')));
    expect(contacts).toHaveLength(5_000);
    expect(contacts[4_999]).toEqual({ name: 'Person 4999', email: 'p4999@fabrikam.example', jobTitle: 'Seller', role: 'PartnerSales', countries: ['US', 'CA'], stateOrProvince: 'US-WA' });
  });

  it('exports a file that the template header and Partner Center expect', () => {
    const csv = serializeContactsCsv([{ name: 'A, "B"', email: 'a@x.example', jobTitle: 'VP', role: 'PartnerSales', countries: ['US', 'CA'], stateOrProvince: 'US-WA' }]);
    expect(csv).toBe(`\uFEFF${HEADER}\r\n"A, ""B""",a@x.example,VP,Partner sales,"US,CA",US-WA\r\n`);
  });

  // Values as a person would type them: no surrounding spaces (the importer trims those).
  const text = (max: number) =>
    fc
      .string({ unit: fc.constantFrom('a', 'Z', 'é', 'ł', '中', ' ', ',', ';', '"', "'", '\n', '\r\n', '-', '=', '\t'), minLength: 1, maxLength: max })
      .map((s) => s.trim())
      .filter((s) => s.length > 0 && s.length <= max);
  const email = fc
    .tuple(fc.stringMatching(/^[a-z0-9]{1,20}$/), fc.stringMatching(/^[a-z]{1,10}$/), fc.constantFrom('com', 'example', 'pl'))
    .map(([user, host, tld]) => `${user}@${host}.${tld}`);
  const country = fc.constantFrom('US', 'CA', 'FR', 'PL', 'DE', 'JP', 'BR', 'IN', 'CN', 'ZA');
  const contact = fc
    .record({
      name: text(100),
      email,
      jobTitle: text(100),
      role: fc.constantFrom(...CONTACT_ROLES),
      countries: fc.oneof(fc.constant<string[]>(['OOO']), fc.uniqueArray(country, { minLength: 1, maxLength: 5 }).map((codes): string[] => [...codes])),
      withState: fc.boolean(),
      subdivision: fc.stringMatching(/^[A-Z0-9]{1,3}$/),
    })
    .map(({ withState, subdivision, ...c }): Contact => {
      const state = `${c.countries[0] === 'OOO' ? 'JP' : c.countries[0]}-${subdivision}`;
      return withState ? { ...c, stateOrProvince: state } : c;
    });
  // One row per (email, role): a repeat is a duplicate the importer rightly refuses.
  const contactList = fc.uniqueArray(contact, { maxLength: 30, selector: (c) => `${c.email}|${c.role}` });

  it('export → import gives back the same contacts (random contacts)', () => {
    fc.assert(
      fc.property(contactList, (contacts) => {
        for (const c of contacts) expect(Contact.safeParse(c).success).toBe(true);
        const back = contactsOf(parseContactsCsv(serializeContactsCsv(contacts)));
        expect(back).toEqual(contacts);
        expect(sameContacts(back, contacts)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, whatever the file holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ',', ';', '"', '\n', '\r', 'Name', 'Email', 'Role', 'Country', 'Job title', 'US', 'OOO', '\uFEFF'), maxLength: 80 }), (csv) => {
        const result = parseContactsCsv(csv);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
