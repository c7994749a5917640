import { csvProblemLines, MAX_PROBLEM_LINES, rowRanges } from '../../../bot/offers/csvProblemText';
import { Translator } from '../../../services/i18n/catalog';
import { parseContactsCsv, type CsvProblem } from '../../../services/offers/contactsCsv';

const tr = new Translator('en-US');
const HEADER = 'Name,Email,Job title,Role,Country,State/province';

function problems(csv: string): CsvProblem[] {
  const r = parseContactsCsv(csv);
  if (r.ok) throw new Error('expected problems');
  return r.problems;
}

describe('contacts CSV problems, as the person reads them', () => {
  it('folds consecutive rows into ranges', () => {
    expect(rowRanges([9, 3, 4, 5, 12, 13, 3], tr)).toBe('3–5, 9, 12–13');
  });

  it('names row and column, and says the same mistake on many rows once', () => {
    const rows = ['A,,T,Partner sales,US,', 'B,,T,Partner sales,US,', 'C,,T,Partner sales,US,', 'D,d@x.example,T,Partner sales,USA,', 'E,,T,Partner sales,US,'];
    expect(csvProblemLines(problems([HEADER, ...rows].join('\n')), tr)).toEqual({
      lines: ['Rows 2–4, 6, column Email: this value is required.', 'Row 5, column Country: "USA" is not a two-letter ISO country code (use OOO for all countries).'],
      more: 0,
    });
  });

  it('explains file-level problems in plain words', () => {
    expect(csvProblemLines(problems('Name,Phone\n'), tr).lines).toEqual([
      '"Phone" is not a column of the contacts template. Remove it or rename it.',
      'The column "Email" is missing. Start from the template (say **contacts template**).',
      'The column "Job title" is missing. Start from the template (say **contacts template**).',
      'The column "Role" is missing. Start from the template (say **contacts template**).',
      'The column "Country" is missing. Start from the template (say **contacts template**).',
    ]);
    expect(csvProblemLines(problems(`${HEADER}\nA,"b\n`), tr).lines).toEqual(['The file is not valid CSV: a quote that opens in row 2 is never closed.']);
  });

  it('counts what does not fit in one message instead of dropping it silently', () => {
    const rows = Array.from({ length: 100 }, (_, i) => `P${i},bad${i},T,Partner sales,US,`);
    const { lines, more } = csvProblemLines(problems([HEADER, ...rows].join('\n')), tr);
    expect(lines).toHaveLength(MAX_PROBLEM_LINES);
    expect(more).toBe(100 - MAX_PROBLEM_LINES);
  });
});
