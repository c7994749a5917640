import dealConsent from './templates/dealConsent.json';
import dealContact from './templates/dealContact.json';
import dealCreated from './templates/dealCreated.json';
import dealCustomerManual from './templates/dealCustomerManual.json';
import dealCustomerName from './templates/dealCustomerName.json';
import dealCustomerPick from './templates/dealCustomerPick.json';
import dealDetails from './templates/dealDetails.json';
import dealDuplicate from './templates/dealDuplicate.json';
import dealEmployees from './templates/dealEmployees.json';
import dealHelpDetails from './templates/dealHelpDetails.json';
import dealHelpWanted from './templates/dealHelpWanted.json';
import dealLocation from './templates/dealLocation.json';
import dealSolutions from './templates/dealSolutions.json';
import dealSummary from './templates/dealSummary.json';
import stepFrame from './templates/stepFrame.json';

/** The cards of the new-deal conversation: the question frame, one body per question, the result. */
export const DEAL_TEMPLATES = {
  stepFrame,
  dealLocation,
  dealCustomerName,
  dealCustomerPick,
  dealCustomerManual,
  dealContact,
  dealConsent,
  dealDetails,
  dealEmployees,
  dealSolutions,
  dealHelpWanted,
  dealHelpDetails,
  dealSummary,
  dealDuplicate,
  dealCreated,
} as const satisfies Record<string, object>;
