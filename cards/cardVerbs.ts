/**
 * The verbs of the Action.Execute buttons on our cards. Templates spell them out; the bot's
 * verb → handler map uses these names, and a test checks that every verb in a template has a handler.
 */
export const REFERRAL_VERBS = {
  view: 'referral.view',
  refresh: 'referral.refresh',
  favorite: 'referral.favorite',
  acceptForm: 'referral.acceptForm',
  accept: 'referral.accept',
  declineForm: 'referral.declineForm',
  decline: 'referral.decline',
  wonForm: 'referral.wonForm',
  won: 'referral.won',
  lostForm: 'referral.lostForm',
  lost: 'referral.lost',
  editForm: 'referral.editForm',
  edit: 'referral.edit',
  addEmployeeForm: 'referral.addEmployeeForm',
  addEmployee: 'referral.addEmployee',
  solutionsForm: 'referral.solutionsForm',
  solutions: 'referral.solutions',
  inviteForm: 'referral.inviteForm',
  invite: 'referral.invite',
} as const;

export const INBOX_VERBS = {
  page: 'inbox.page',
} as const;

/** The owner's choice when Microsoft did not engage with an outbound co-sell request in 14 days. */
export const COSELL_VERBS = {
  keep: 'cosell.keep',
  private: 'cosell.private',
} as const;
