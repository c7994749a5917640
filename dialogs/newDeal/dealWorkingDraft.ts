import type { CustomerMatch } from '../../services/customers/customer';
import type { CustomerLocation } from '../../services/customers/customerDirectory';
import type { ContactPerson, DraftCustomer, DraftDetails } from '../../services/deals/dealDraft';
import type { Solution } from '../../services/opportunities/opportunity';

/**
 * The deal as the conversation builds it, kept in dialog state (nothing is stored as a deal before
 * "Create"). Besides the answers it remembers how the customer was found, so "back" can return
 * to the shortlist or the hand-entry form.
 */
export interface DealWorkingDraft {
  location?: CustomerLocation;
  customerEntry?: 'directory' | 'manual';
  /** The last typed search and its numbered shortlist. */
  customerSearch?: { query: string; matches: CustomerMatch[] };
  customer?: DraftCustomer;
  contact?: ContactPerson;
  consent?: boolean;
  details?: DraftDetails;
  team: ContactPerson[];
  solutions: Solution[];
  help?: { wanted: boolean; helpCodes?: number[]; notes?: string };
}

export function emptyDraft(): DealWorkingDraft {
  return { team: [], solutions: [] };
}

/** The draft in the shape DealService.create validates (DealDraft). */
export function toDealDraftInput(d: DealWorkingDraft): unknown {
  return {
    customer: d.customer,
    customerContact: d.contact,
    consent: d.consent ?? false,
    details: d.details,
    team: d.team,
    solutions: d.solutions,
    help: d.help?.wanted ? { wanted: true, helpCodes: d.help.helpCodes ?? [], notes: d.help.notes ?? '' } : { wanted: false },
  };
}
