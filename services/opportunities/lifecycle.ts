import { IllegalTransitionError } from '../errors';
import type { Opportunity, ReferralStatus, ReferralSubstatus } from './opportunity';

/**
 * The lifecycle of an opportunity, as one table. Every state change goes through `transition`.
 *
 * Received ──accept──▶ Accepted ──win──▶ Archived(Won)
 *    │                     └──lose──▶ Archived(Lost)
 *    ├──decline──▶ Archived(Declined)
 *    └──expire───▶ Archived(Expired)
 * A private pipeline deal (Outgoing, Independent) can be upgraded to co-sell (Shared) while open.
 * When Microsoft's sellers have not engaged with an outbound co-sell request in their 14 days, its
 * owner either keeps it as co-sell or continues it as private pipeline (Shared → Independent).
 * Accepted deals are edited (details, employees, solutions); the sender may edit an open referral;
 * the heart (favorite) toggles in every stage. Each of these is recorded in the history too.
 */
export type LifecycleAction =
  | 'accept'
  | 'decline'
  | 'expire'
  | 'win'
  | 'lose'
  | 'inviteMicrosoft'
  | 'keepCosell'
  | 'continuePrivate'
  | 'edit'
  | 'addEmployee'
  | 'editSolutions'
  | 'favorite'
  | 'senderUpdate';

const EVERY_SUBSTATUS: ReadonlyArray<ReferralSubstatus> = ['Pending', 'Received', 'Accepted', 'Won', 'Lost', 'Declined', 'Expired'];

interface Rule {
  from: ReadonlyArray<ReferralSubstatus>;
  to?: { status: ReferralStatus; substatus: ReferralSubstatus };
  /** An extra condition on the opportunity (beyond its substatus). */
  when?: (o: Opportunity) => boolean;
}

function isOutboundCosell(o: Opportunity): boolean {
  return o.direction === 'Outgoing' && o.type === 'Shared';
}

export const LIFECYCLE: Readonly<Record<LifecycleAction, Rule>> = {
  accept: { from: ['Pending', 'Received'], to: { status: 'Active', substatus: 'Accepted' } },
  decline: { from: ['Pending', 'Received'], to: { status: 'Closed', substatus: 'Declined' } },
  expire: { from: ['Pending', 'Received'], to: { status: 'Closed', substatus: 'Expired' } },
  win: { from: ['Accepted'], to: { status: 'Closed', substatus: 'Won' } },
  lose: { from: ['Accepted'], to: { status: 'Closed', substatus: 'Lost' } },
  inviteMicrosoft: {
    from: ['Accepted'],
    when: (o) => o.direction === 'Outgoing' && o.type === 'Independent',
  },
  /** The owner's answer once Microsoft's 14 days are over: keep waiting for Microsoft… */
  keepCosell: { from: ['Accepted'], when: isOutboundCosell },
  /** …or work the deal alone: it becomes private pipeline again (and can be re-invited later). */
  continuePrivate: { from: ['Accepted'], when: isOutboundCosell },
  edit: { from: ['Accepted'] },
  addEmployee: { from: ['Accepted'] },
  editSolutions: { from: ['Accepted'] },
  /** The heart: any opportunity, in any stage, can be marked or unmarked. */
  favorite: { from: EVERY_SUBSTATUS },
  /** The sender (e.g. Microsoft) edited the referral while it is still open. */
  senderUpdate: { from: ['Pending', 'Received', 'Accepted'] },
};

export function canApply(o: Opportunity, action: LifecycleAction): boolean {
  const rule = LIFECYCLE[action];
  return rule.from.includes(o.substatus) && (rule.when?.(o) ?? true);
}

/** The actions a person may take on the opportunity now, in table order. */
export function allowedActions(o: Opportunity): LifecycleAction[] {
  return (Object.keys(LIFECYCLE) as LifecycleAction[]).filter((a) => canApply(o, a));
}

export interface TransitionContext {
  at: Date;
  byUserId?: string;
  byName?: string;
}

/**
 * Applies `action` and returns the new opportunity (the input is not modified). `changes` are merged
 * in first (e.g. the decline reason), then status, timestamps and history are set.
 * Throws IllegalTransitionError when the table does not allow it.
 */
export function transition(
  o: Opportunity,
  action: LifecycleAction,
  ctx: TransitionContext,
  changes: Partial<Opportunity> = {},
): Opportunity {
  if (!canApply(o, action)) throw new IllegalTransitionError(action, `${o.status}/${o.substatus}`);
  const rule = LIFECYCLE[action];
  const at = ctx.at.toISOString();
  const next: Opportunity = {
    ...o,
    ...changes,
    id: o.id,
    tenantId: o.tenantId,
    updatedDateTime: at,
    history: [...o.history, { at, action, byUserId: ctx.byUserId, byName: ctx.byName }],
  };
  if (rule.to) {
    next.status = rule.to.status;
    next.substatus = rule.to.substatus;
  }
  if (action === 'accept') next.acceptedDateTime = at;
  if (action === 'inviteMicrosoft') next.type = 'Shared';
  if (action === 'continuePrivate') {
    next.type = 'Independent';
    // Private pipeline: Microsoft's window no longer applies.
    next.expirationDateTime = undefined;
  }
  // Only the move into Closed stamps the close time; the heart on an archived deal must not.
  if (rule.to?.status === 'Closed') {
    next.closedDateTime = at;
    next.dueDateTime = undefined;
  }
  return next;
}
