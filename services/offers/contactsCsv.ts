import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { ALL_COUNTRIES, countryOfSubdivision, isCountryCode, splitCountryList } from './countries';
import { CONTACT_LIMITS, CONTACT_ROLES, EmailAddress, type Contact, type ContactRole } from './offer';

/**
 * The co-sell contacts CSV, as Partner Center's template has it: one row per contact. Column
 * names and role names are the file format, shared with Partner Center, so they stay the same in
 * every language (what a person reads about them comes from the message catalog).
 *
 * Import is all-or-nothing: `parseContactsCsv` returns either every contact or every problem.
 */
export const CSV_COLUMNS = ['Name', 'Email', 'Job title', 'Role', 'Country', 'State/province'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export const ROLE_LABELS: Record<ContactRole, string> = {
  PartnerMarketing: 'Partner marketing',
  PartnerSales: 'Partner sales',
  PartnerTechnicalSales: 'Partner technical sales',
  PartnerCustomerSuccessManager: 'Partner customer success manager',
};

/** Header spellings people (and spreadsheets) use, folded to letters only. */
const HEADER_ALIASES: Record<string, CsvColumn> = {
  name: 'Name',
  fullname: 'Name',
  contactname: 'Name',
  email: 'Email',
  emailaddress: 'Email',
  jobtitle: 'Job title',
  title: 'Job title',
  role: 'Role',
  country: 'Country',
  countries: 'Country',
  countryregion: 'Country',
  stateprovince: 'State/province',
  state: 'State/province',
  province: 'State/province',
};

const foldLetters = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
const ROLE_BY_FOLDED = new Map(CONTACT_ROLES.flatMap((r) => [[foldLetters(ROLE_LABELS[r]), r] as const, [foldLetters(r), r] as const]));

/** One contact's document must stay far below Cosmos DB's 2 MB item limit; see ContactsService. */
export const MAX_CONTACT_ROWS = 5_000;

export type CsvProblemCode =
  | 'emptyFile'
  | 'syntax'
  | 'missingColumn'
  | 'unknownColumn'
  | 'duplicateColumn'
  | 'tooManyRows'
  | 'tooManyFields'
  | 'required'
  | 'tooLong'
  | 'invalidEmail'
  | 'invalidRole'
  | 'invalidCountry'
  | 'allCountriesCombined'
  | 'invalidState'
  | 'stateNotInCountries'
  | 'duplicateContact'
  /** The list would not fit in one offer's contacts document. */
  | 'tooLarge';

export interface CsvProblem {
  code: CsvProblemCode;
  /** The row as a spreadsheet numbers it: the header is row 1. Absent for file-level problems. */
  row?: number;
  column?: CsvColumn;
  /** The offending value (a country code, a header, …) or a limit, to show the person. */
  value?: string;
}

export type ContactsCsvResult = { ok: true; contacts: Contact[] } | { ok: false; problems: CsvProblem[] };

export interface ParseOptions {
  maxRows?: number;
}

/** The delimiter of the header line: spreadsheets in many locales save with ";" instead of ",". */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const count = (d: string) => firstLine.split(d).length - 1;
  const candidates = [',', ';', '\t'];
  return candidates.reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}

export function parseContactsCsv(input: string, options: ParseOptions = {}): ContactsCsvResult {
  const maxRows = options.maxRows ?? MAX_CONTACT_ROWS;
  const text = input.replace(/^\uFEFF/, '');
  if (text.trim() === '') return { ok: false, problems: [{ code: 'emptyFile' }] };

  let records: string[][];
  try {
    records = parse(text, {
      delimiter: detectDelimiter(text),
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      // A stray quote inside an unquoted value (5" screen) is kept as text, as spreadsheets do.
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (err) {
    // `records` counts the rows read before the broken one; the header is row 1.
    const before = (err as { records?: unknown }).records;
    return { ok: false, problems: [{ code: 'syntax', ...(typeof before === 'number' ? { row: before + 1 } : {}) }] };
  }

  const problems: CsvProblem[] = [];
  const header = records[0] ?? [];
  const columnAt: Array<CsvColumn | undefined> = [];
  header.forEach((raw, index) => {
    const name = raw.trim();
    if (name === '') return;
    const column = HEADER_ALIASES[foldLetters(name)];
    if (!column) problems.push({ code: 'unknownColumn', row: 1, value: name });
    else if (columnAt.includes(column)) problems.push({ code: 'duplicateColumn', row: 1, column, value: name });
    else columnAt[index] = column;
  });
  for (const column of CSV_COLUMNS) {
    if (column !== 'State/province' && !columnAt.includes(column)) problems.push({ code: 'missingColumn', column });
  }
  if (problems.length > 0) return { ok: false, problems };

  const rows = records.slice(1);
  const dataRows = rows.filter((r) => !isBlank(r)).length;
  if (dataRows > maxRows) return { ok: false, problems: [{ code: 'tooManyRows', value: String(maxRows) }] };

  const contacts: Contact[] = [];
  const seen = new Map<string, number>();
  rows.forEach((record, index) => {
    const row = index + 2;
    if (isBlank(record)) return;
    const values: Partial<Record<CsvColumn, string>> = {};
    record.forEach((value, i) => {
      const column = columnAt[i];
      if (column) values[column] = value.trim();
      else if (i >= header.length && value.trim() !== '') problems.push({ code: 'tooManyFields', row, value: value.trim() });
    });
    const contact = validateRow(values, row, problems);
    if (!contact) return;
    const key = `${contact.email.toLowerCase()}|${contact.role}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) problems.push({ code: 'duplicateContact', row, column: 'Email', value: String(earlier) });
    else seen.set(key, row);
    contacts.push(contact);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, contacts };
}

function isBlank(record: ReadonlyArray<string>): boolean {
  return record.every((v) => v.trim() === '');
}

/** Checks one row; every problem goes to `problems`; returns the contact when the row is valid. */
function validateRow(values: Partial<Record<CsvColumn, string>>, row: number, problems: CsvProblem[]): Contact | undefined {
  const before = problems.length;
  const text = (column: CsvColumn, max: number): string => {
    const value = values[column] ?? '';
    if (value === '') problems.push({ code: 'required', row, column });
    else if (value.length > max) problems.push({ code: 'tooLong', row, column, value: String(max) });
    return value;
  };
  // Checked in column order, so the problems read left to right like the row.
  const name = text('Name', CONTACT_LIMITS.name);
  const email = values.Email ?? '';
  if (email === '') problems.push({ code: 'required', row, column: 'Email' });
  else if (!EmailAddress.safeParse(email).success) problems.push({ code: 'invalidEmail', row, column: 'Email', value: email });
  const jobTitle = text('Job title', CONTACT_LIMITS.jobTitle);

  const roleText = values.Role ?? '';
  const role = ROLE_BY_FOLDED.get(foldLetters(roleText));
  if (roleText === '') problems.push({ code: 'required', row, column: 'Role' });
  else if (!role) problems.push({ code: 'invalidRole', row, column: 'Role', value: roleText });

  const countries = splitCountryList(values.Country ?? '');
  let countriesValid = countries.length > 0;
  if (countries.length === 0) problems.push({ code: 'required', row, column: 'Country' });
  if (countries.includes(ALL_COUNTRIES) && countries.length > 1) {
    problems.push({ code: 'allCountriesCombined', row, column: 'Country' });
    countriesValid = false;
  }
  for (const code of countries) {
    if (code !== ALL_COUNTRIES && !isCountryCode(code)) {
      problems.push({ code: 'invalidCountry', row, column: 'Country', value: code });
      countriesValid = false;
    }
  }

  const state = (values['State/province'] ?? '').toUpperCase();
  if (state !== '') {
    const country = countryOfSubdivision(state);
    if (!country) problems.push({ code: 'invalidState', row, column: 'State/province', value: state });
    else if (countriesValid && !countries.includes(ALL_COUNTRIES) && !countries.includes(country)) {
      problems.push({ code: 'stateNotInCountries', row, column: 'State/province', value: state });
    }
  }

  if (problems.length > before || !role) return undefined;
  return { name, email, jobTitle, role, countries, ...(state ? { stateOrProvince: state } : {}) };
}

/** The file Partner Center's import expects: header, CRLF, a BOM so spreadsheets read UTF-8. */
export function serializeContactsCsv(contacts: ReadonlyArray<Contact>): string {
  const rows = contacts.map((c) => [c.name, c.email, c.jobTitle, ROLE_LABELS[c.role], c.countries.join(','), c.stateOrProvince ?? '']);
  // A line break of any kind inside a value must be quoted, or a reader splits the row there.
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

/** The empty template: the header row only, so nothing invented can be imported by mistake. */
export function contactsTemplateCsv(): string {
  return serializeContactsCsv([]);
}

/** Same contacts in the same order: importing such a file would change nothing. */
export function sameContacts(a: ReadonlyArray<Contact>, b: ReadonlyArray<Contact>): boolean {
  return a.length === b.length && a.every((c, i) => JSON.stringify(normalisedContact(c)) === JSON.stringify(normalisedContact(b[i]!)));
}

function normalisedContact(c: Contact) {
  return [c.name, c.email, c.jobTitle, c.role, c.countries.join(','), c.stateOrProvince ?? ''];
}
