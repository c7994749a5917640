import type { z } from 'zod';
import { ValidationError } from '../errors';

/**
 * A problem with a deal draft, as a catalog key (plus variables) so that the person reads it in
 * their language. The zod schemas of the draft carry catalog keys as their messages.
 */
export interface DealProblem {
  path: string;
  key: string;
  vars?: Record<string, string | number>;
}

export const PROBLEM = {
  required: 'deals.errors.required',
  tooLong: 'deals.errors.tooLong',
  invalid: 'deals.errors.invalid',
  email: 'deals.errors.email',
  phone: 'deals.errors.phone',
  duns: 'deals.errors.duns',
  country: 'deals.errors.country',
  currency: 'deals.errors.currency',
  amount: 'deals.errors.amount',
  date: 'deals.errors.date',
  dateInPast: 'deals.errors.dateInPast',
  teamRequired: 'deals.errors.teamRequired',
  solutionsRequired: 'deals.errors.solutionsRequired',
  helpCodesRequired: 'deals.errors.helpCodesRequired',
  helpNotesRequired: 'deals.errors.helpNotesRequired',
  helpNeedsContact: 'deals.errors.helpNeedsContact',
  helpNeedsConsent: 'deals.errors.helpNeedsConsent',
} as const;

const OUR_KEYS = new Set<string>(Object.values(PROBLEM));

/** Maps zod issues to catalog problems; an issue without one of our keys gets the generic one. */
export function problemsOf(error: z.ZodError): DealProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'invalid_type' && issue.input === undefined) return { path, key: PROBLEM.required };
    const key = OUR_KEYS.has(issue.message) ? issue.message : PROBLEM.invalid;
    if (key === PROBLEM.tooLong && issue.code === 'too_big') return { path, key, vars: { max: Number(issue.maximum) } };
    return { path, key };
  });
}

/** A draft that cannot become a deal; `problems` hold catalog keys, `dealProblems` also their variables. */
export class DealValidationError extends ValidationError {
  constructor(readonly dealProblems: ReadonlyArray<DealProblem>) {
    super(dealProblems.map((p) => ({ path: p.path, message: p.key })));
  }
}
