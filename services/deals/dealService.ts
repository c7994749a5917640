import type { Versioned } from '../store/documentStore';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { addDays } from '../clock';
import { foldName } from '../customers/customer';
import { ForbiddenError } from '../errors';
import { isOpen, type Opportunity, type Person } from '../opportunities/opportunity';
import type { OpportunityRepository } from '../opportunities/opportunityRepository';
import type { RoleService } from '../roles/roleService';
import { canManageReferrals } from '../roles/roles';
import { splitName } from './contactRules';
import { closeDateProblem, DealDraft, type ContactPerson } from './dealDraft';
import { DealValidationError, problemsOf } from './dealProblems';
import type { RecentContacts } from './recentContacts';

/** Microsoft sellers decide within this many days whether to engage on a co-sell request. */
export const MICROSOFT_ENGAGEMENT_DAYS = 14;

export interface DealCreator {
  tenantId: string;
  userId: string;
  name?: string;
}

export interface DealServiceDeps {
  opportunities: OpportunityRepository;
  roles: RoleService;
  recentContacts: RecentContacts;
  clock: Clock;
  newId?: () => string;
  /** Told about failures of follow-up work that does not undo the deal (the recent contacts list). */
  warn?: (message: string, err: unknown) => void;
  /** Told about each stored deal (e.g. to refresh the known customers of its tenant). */
  onCreated?: (deal: Opportunity) => void;
}

/** Creates outbound deals: validate everything, then write the opportunity once. */
export class DealService {
  private readonly newId: () => string;

  constructor(private readonly deps: DealServiceDeps) {
    this.newId = deps.newId ?? randomUUID;
  }

  async mayCreate(tenantId: string, userId: string): Promise<boolean> {
    return canManageReferrals(await this.deps.roles.rolesOf(tenantId, userId));
  }

  /**
   * Open deals (received or accepted) for the same customer with at least one of the same
   * solutions. The same customer is the same D-U-N-S number, or for customers entered by hand the
   * same name in the same country and city.
   */
  async findOpenDuplicates(tenantId: string, draft: Pick<DealDraft, 'customer' | 'solutions'>): Promise<Opportunity[]> {
    const solutionIds = new Set(draft.solutions.map((s) => s.id));
    const found: Opportunity[] = [];
    // By direction and stage: each list is then read straight from its index, page by page.
    for (const [direction, status] of [['Incoming', 'New'], ['Incoming', 'Active'], ['Outgoing', 'New'], ['Outgoing', 'Active']] as const) {
      let continuation: string | undefined;
      do {
        const page = await this.deps.opportunities.list(tenantId, { direction, status, pageSize: 100, continuation });
        for (const { value: o } of page.items) {
          if (isOpen(o) && sameCustomer(o, draft.customer) && o.details.requirements.solutions.some((s) => solutionIds.has(s.id))) found.push(o);
        }
        continuation = page.continuation;
      } while (continuation);
    }
    return found;
  }

  /**
   * Validates the draft and the creator's role, then stores the deal in the Accepted stage with one
   * write: on any failure nothing is stored. Throws DealValidationError or ForbiddenError.
   */
  async create(input: unknown, by: DealCreator): Promise<Versioned<Opportunity>> {
    const parsed = DealDraft.safeParse(input);
    if (!parsed.success) throw new DealValidationError(problemsOf(parsed.error));
    const draft = parsed.data;
    const dateProblem = closeDateProblem(draft.details.closeDate, this.deps.clock);
    if (dateProblem) throw new DealValidationError([{ path: 'details.closeDate', key: dateProblem }]);
    if (!(await this.mayCreate(by.tenantId, by.userId))) {
      throw new ForbiddenError('Only MPN partner admins and Referrals admins can create deals');
    }

    const opportunity = buildOpportunity(draft, by, this.newId(), this.deps.clock.now());
    const stored = await this.deps.opportunities.create(opportunity);
    this.deps.onCreated?.(stored.value);

    // A convenience list, rebuilt by the next deal: its failure must not undo a stored deal.
    try {
      await this.deps.recentContacts.remember(by.tenantId, by.userId, draft.team);
    } catch (err) {
      this.deps.warn?.('could not update recent contacts', err);
    }
    return stored;
  }
}

/** The outbound opportunity for a validated draft, in the Accepted stage (Active/Accepted). */
export function buildOpportunity(draft: DealDraft, by: DealCreator, id: string, at: Date): Opportunity {
  const now = at.toISOString();
  const coSell = draft.help.wanted;
  const window = coSell ? addDays(at, MICROSOFT_ENGAGEMENT_DAYS).toISOString() : undefined;
  return {
    id,
    tenantId: by.tenantId,
    name: draft.details.name,
    direction: 'Outgoing',
    type: coSell ? 'Shared' : 'Independent',
    qualification: 'None',
    status: 'Active',
    substatus: 'Accepted',
    customerProfile: {
      name: draft.customer.name,
      address: draft.customer.address,
      team: draft.customerContact ? [toPerson(draft.customerContact)] : [],
      ids: draft.customer.duns ? [{ profileType: 'Duns', id: draft.customer.duns }] : [],
    },
    consent: {
      consentToShareReferralWithMicrosoftSellers: draft.consent,
      consentToContact: draft.consent,
    },
    details: {
      notes: draft.details.notes,
      dealValue: draft.details.dealValue,
      currency: draft.details.currency,
      closingDateTime: `${draft.details.closeDate}T00:00:00.000Z`,
      requirements: { solutions: draft.solutions, industries: [], products: [], services: [] },
    },
    team: draft.team.map(toPerson),
    inviteContext: draft.help.wanted ? { notes: draft.help.notes, helpCodes: draft.help.helpCodes } : undefined,
    crmId: draft.details.crmId,
    campaignId: draft.details.campaignId,
    favorite: false,
    createdDateTime: now,
    updatedDateTime: now,
    acceptedDateTime: now,
    // Microsoft sellers have 14 days to engage; the sweeper looks at the deal again then.
    expirationDateTime: window,
    dueDateTime: window,
    createdBy: { userId: by.userId, name: by.name },
    history: [{ at: now, action: coSell ? 'createCoSell' : 'createPrivate', byUserId: by.userId, byName: by.name }],
    outbox: [],
  };
}

function toPerson(c: ContactPerson): Person {
  return { ...splitName(c.name), phoneNumber: c.phoneNumber, email: c.email };
}

function sameCustomer(o: Opportunity, customer: DealDraft['customer']): boolean {
  const duns = o.customerProfile.ids.find((i) => i.profileType === 'Duns')?.id;
  if (duns || customer.duns) return duns === customer.duns;
  const a = o.customerProfile;
  return (
    foldName(a.name) === foldName(customer.name) &&
    a.address.country === customer.address.country &&
    foldName(a.address.city ?? '') === foldName(customer.address.city ?? '')
  );
}
