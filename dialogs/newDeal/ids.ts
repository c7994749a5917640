/** Constant ids of the new-deal conversation: the dialog, its steps and its questions. */
export const NEW_DEAL_DIALOG = 'newDeal';

/** The five steps of shared/domain.md §1, in order; the final review is not numbered. */
export const STEPS = ['customer', 'details', 'team', 'solutions', 'help'] as const;
export type StepId = (typeof STEPS)[number];
export const REVIEW_STEP = 'review';

export const Q = {
  location: 'location',
  customerName: 'customerName',
  customerPick: 'customerPick',
  customerManual: 'customerManual',
  contact: 'contact',
  consent: 'consent',
  details: 'details',
  employees: 'employees',
  solutions: 'solutions',
  helpWanted: 'helpWanted',
  helpDetails: 'helpDetails',
  helpContact: 'helpContact',
  helpConsent: 'helpConsent',
  summary: 'summary',
} as const;

/** Where "Edit a step" starts each step: always its first question, which always applies. */
export const FIRST_QUESTION: Readonly<Record<StepId, string>> = {
  customer: Q.location,
  details: Q.details,
  team: Q.employees,
  solutions: Q.solutions,
  help: Q.helpWanted,
};
