import type { Translator } from '../../services/i18n/catalog';
import type { CsvProblem } from '../../services/offers/contactsCsv';

/** At most this many lines in one chat message; the rest is counted, not lost silently. */
export const MAX_PROBLEM_LINES = 40;

/** "3, 5–7, 12": consecutive rows folded into ranges. */
export function rowRanges(rows: ReadonlyArray<number>, tr: Translator): string {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!;
    let end = start;
    while (sorted[i + 1] === end + 1) end = sorted[++i]!;
    parts.push(end === start ? tr.number(start) : `${tr.number(start)}–${tr.number(end)}`);
  }
  return parts.join(', ');
}

function message(p: CsvProblem, tr: Translator): string {
  return tr.t(`offers.contacts.problem.${p.code}`, { value: p.value ?? '', column: p.column ?? '', row: p.row ?? '' });
}

/**
 * Every problem, by row and column. The same problem in the same column for several rows is one
 * line ("Rows 3, 5–7, Email: this value is required."), so a file with one systematic mistake
 * still reads in a glance.
 */
export function csvProblemLines(problems: ReadonlyArray<CsvProblem>, tr: Translator): { lines: string[]; more: number } {
  const groups = new Map<string, { problem: CsvProblem; rows: number[] }>();
  const lines: string[] = [];
  for (const p of problems) {
    if (p.row === undefined || p.row === 1 || p.code === 'syntax') {
      const key = p.code === 'syntax' ? (p.row === undefined ? 'syntaxNoRow' : 'syntax') : p.code;
      lines.push(tr.t(`offers.contacts.problem.${key}`, { value: p.value ?? '', column: p.column ?? '', row: p.row ?? '' }));
      continue;
    }
    const key = `${p.code}|${p.column ?? ''}|${p.value ?? ''}`;
    const group = groups.get(key);
    if (group) group.rows.push(p.row);
    else groups.set(key, { problem: p, rows: [p.row] });
  }
  for (const { problem, rows } of groups.values()) {
    const vars = { row: rowRanges(rows, tr), column: problem.column ?? '', message: message(problem, tr) };
    const key = rows.length > 1 ? (problem.column ? 'rows' : 'rowsNoColumn') : problem.column ? 'row' : 'rowNoColumn';
    lines.push(tr.t(`offers.contacts.problem.${key}`, vars));
  }
  return { lines: lines.slice(0, MAX_PROBLEM_LINES), more: Math.max(0, lines.length - MAX_PROBLEM_LINES) };
}
