import type { Translator } from '../services/i18n/catalog';
import { cardExpander, type CardExpander } from './compiledTemplate';
import { DEAL_TEMPLATES } from './dealTemplates';
import cosellUnengaged from './templates/cosellUnengaged.json';
import help from './templates/help.json';
import inboxPage from './templates/inboxPage.json';
import referralAccepted from './templates/referralAccepted.json';
import referralAcceptForm from './templates/referralAcceptForm.json';
import referralAddEmployeeForm from './templates/referralAddEmployeeForm.json';
import referralArchived from './templates/referralArchived.json';
import referralCompact from './templates/referralCompact.json';
import referralDeclineForm from './templates/referralDeclineForm.json';
import referralEditForm from './templates/referralEditForm.json';
import referralInviteForm from './templates/referralInviteForm.json';
import referralLostForm from './templates/referralLostForm.json';
import referralReceived from './templates/referralReceived.json';
import referralSolutionsForm from './templates/referralSolutionsForm.json';
import referralWonForm from './templates/referralWonForm.json';
import offerStatus from './templates/offerStatus.json';
import offerList from './templates/offerList.json';
import offerPick from './templates/offerPick.json';
import offerForm from './templates/offerForm.json';
import contactsImportConfirm from './templates/contactsImportConfirm.json';
import offerChoice from './templates/offerChoice.json';
import orgFacts from './templates/orgFacts.json';
import offerDocuments from './templates/offerDocuments.json';
import documentForm from './templates/documentForm.json';
import welcome from './templates/welcome.json';

/**
 * Expands the Adaptive Card templates in cards/templates/. Templates hold no words of their own:
 * every text binds to the catalog (`${t.…}`) or to data prepared by the caller.
 */
export const TEMPLATES = {
  help,
  welcome,
  referralReceived,
  referralAccepted,
  referralArchived,
  referralCompact,
  referralAcceptForm,
  referralDeclineForm,
  referralWonForm,
  referralLostForm,
  referralEditForm,
  referralAddEmployeeForm,
  referralSolutionsForm,
  referralInviteForm,
  inboxPage,
  offerStatus,
  offerList,
  offerPick,
  offerForm,
  contactsImportConfirm,
  offerChoice,
  orgFacts,
  offerDocuments,
  documentForm,
  ...DEAL_TEMPLATES,
  cosellUnengaged,
} as const satisfies Record<string, object>;

export type TemplateName = keyof typeof TEMPLATES;

export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  version: string;
  body?: unknown[];
  actions?: unknown[];
  [key: string]: unknown;
}

/**
 * Expanders, one per name: the template compiled once (compiledTemplate.ts), which costs a fraction
 * of the library's expansion and gives the same card; a template the compiler does not cover is
 * expanded by the library instead.
 */
const expanders = new Map<string, CardExpander>();

function expanderOf(name: string): CardExpander {
  let expander = expanders.get(name);
  if (!expander) {
    const json = (TEMPLATES as Record<string, object>)[name];
    if (!json) throw new Error(`Unknown card template: ${name}`);
    expander = cardExpander(json);
    expanders.set(name, expander);
  }
  return expander;
}

export function expandCard(name: TemplateName | string, data: Record<string, unknown>, tr: Translator): AdaptiveCardJson {
  return expanderOf(name)({ ...data, t: tr.strings() }) as AdaptiveCardJson;
}

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
