import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { addDays, type Clock } from '../clock';
import { ConflictError, IllegalTransitionError, NotFoundError, ValidationError } from '../errors';
import { canApply, transition, type LifecycleAction, type TransitionContext } from '../opportunities/lifecycle';
import type { Opportunity, OutboxEvent, ReferralSubstatus } from '../opportunities/opportunity';
import type { OpportunityRepository } from '../opportunities/opportunityRepository';
import { revisionOf } from '../opportunities/revision';
import type { Versioned } from '../store/documentStore';
import { validate } from '../validation';
import { ReferralCreatedEvent, ReferralUpdatedEvent } from './inboundReferral';
import {
  AcceptInput,
  DealFields,
  DeclineInput,
  Employee,
  InviteInput,
  LostInput,
  SolutionsInput,
  WonInput,
} from './referralInputs';
import { senderNotification, withNotification } from './senderNotification';

/** Microsoft's answer window for a referral when the sender gives no expiry (domain.md). */
export const RESPONSE_WINDOW_DAYS = 14;

/** The person acting (from Teams), recorded in the history. */
export interface Actor {
  userId: string;
  name?: string;
}

/** A card's reference to a referral: which one, and the revision (revisionOf) the card was drawn from. */
export interface CardRef {
  tenantId: string;
  id: string;
  version: string;
  /**
   * The referral as the caller just read it, if it did (a click loads it to check role and
   * revision): the first attempt starts from it instead of reading again. The write stays
   * conditional on its ETag, so a change in between is still caught.
   */
  loaded?: Versioned<Opportunity>;
}

/**
 * What happened to a person's action. `stale`: the card was drawn from an older version, or someone
 * else changed the referral first; nothing was written and `current` is what to show instead.
 */
export type ActionOutcome =
  | { kind: 'applied'; current: Versioned<Opportunity> }
  | { kind: 'stale'; current: Versioned<Opportunity> }
  | { kind: 'notAllowed'; current: Versioned<Opportunity> };

export interface ReceiveResult {
  created: boolean;
  opportunity: Versioned<Opportunity>;
}

export interface UpdateResult {
  changed: boolean;
  opportunity: Versioned<Opportunity>;
}

/** The substatus an event asks for → the lifecycle action that gets there. */
const ACTION_TO: Partial<Record<ReferralSubstatus, LifecycleAction>> = {
  Accepted: 'accept',
  Won: 'win',
  Lost: 'lose',
  Declined: 'decline',
  Expired: 'expire',
};

const MAX_WRITE_ATTEMPTS = 5;

/**
 * Referrals: how they arrive (webhook, demo) and every action a person takes on them. Each state
 * change goes through the lifecycle table and is one conditional replace on the ETag the caller saw.
 */
export class ReferralService {
  constructor(
    private readonly repo: OpportunityRepository,
    private readonly clock: Clock,
  ) {}

  /** One opportunity id per external referral id, so concurrent deliveries collide on create. */
  static idFor(externalId: string): string {
    return `ref-${createHash('sha256').update(externalId).digest('hex').slice(0, 40)}`;
  }

  /**
   * Stores a new inbound referral, or returns the one already stored for its external id.
   * `announce`: queue the posting of its card in the same write (the webhook), so that a crash
   * right after receiving cannot lose it.
   */
  async receiveReferral(input: unknown, options: { announce?: boolean } = {}): Promise<ReceiveResult> {
    const e = validate(ReferralCreatedEvent, input);
    const existing = await this.repo.findByExternalId(e.tenantId, e.id);
    if (existing) return { created: false, opportunity: existing };

    const now = this.clock.now().toISOString();
    const expiry = e.expirationDateTime ?? addDays(now, RESPONSE_WINDOW_DAYS).toISOString();
    const invitedBy = e.inviteContext?.invitedBy;
    const referral: Opportunity = {
      id: ReferralService.idFor(e.id),
      tenantId: e.tenantId,
      externalId: e.id,
      name: e.name,
      direction: 'Incoming',
      type: e.type,
      qualification: e.qualification,
      status: 'New',
      substatus: 'Received',
      customerProfile: e.customerProfile,
      consent: e.consent ?? { consentToShareReferralWithMicrosoftSellers: false, consentToContact: false },
      details: e.details,
      team: [],
      inviteContext: e.inviteContext,
      favorite: false,
      createdDateTime: now,
      updatedDateTime: now,
      expirationDateTime: expiry,
      // The sweeper plans its reminders (with the tenant's schedule) at its next run.
      nextReminderAt: now,
      history: [{ at: now, action: 'receive', byName: invitedBy?.name ?? invitedBy?.organizationName }],
      outbox: options.announce ? [{ id: `${ReferralService.idFor(e.id)}:announce`, kind: 'teams-announce', createdAt: now }] : [],
    };
    try {
      return { created: true, opportunity: await this.repo.create(referral) };
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      // A concurrent delivery of the same referral won the create: that one is the referral.
      const winner = await this.repo.get(e.tenantId, referral.id);
      if (!winner) throw err;
      return { created: false, opportunity: winner };
    }
  }

  /**
   * Applies the sender's change (e.g. Microsoft edited or closed it) through the lifecycle.
   * Repeating the same update changes nothing. Throws NotFoundError for an unknown referral and
   * IllegalTransitionError when the lifecycle does not allow the change from the current stage.
   */
  async applyReferralUpdate(input: unknown): Promise<UpdateResult> {
    const e = validate(ReferralUpdatedEvent, input);
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const found = await this.repo.findByExternalId(e.tenantId, e.id);
      if (!found) throw new NotFoundError(`No referral with id ${e.id} in this tenant`);
      const o = found.value;
      const invitedBy = e.inviteContext?.invitedBy ?? o.inviteContext?.invitedBy;
      const ctx: TransitionContext = { at: this.clock.now(), byName: invitedBy?.name ?? invitedBy?.organizationName };

      let next = o;
      const edits = senderEdits(o, e, ctx.at);
      if (edits) next = transition(next, 'senderUpdate', ctx, edits);
      if (e.substatus && e.substatus !== next.substatus) {
        const action = ACTION_TO[e.substatus];
        if (!action) throw new IllegalTransitionError(`to ${e.substatus}`, `${o.status}/${o.substatus}`);
        next = transition(next, action, ctx, e.statusReason ? { closingNotes: e.statusReason } : {});
      }
      if (next === o) return { changed: false, opportunity: found };
      try {
        return { changed: true, opportunity: await this.repo.replace(next, found.etag) };
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err; // someone acted meanwhile: re-read and re-apply
      }
    }
    throw new ConflictError('The referral kept changing while the update was applied; retry');
  }

  async accept(ref: CardRef, actor: Actor, input: AcceptInput): Promise<ActionOutcome> {
    const a = validate(AcceptInput, input);
    return this.act(ref, actor, (o, ctx) =>
      transition(o, 'accept', ctx, {
        ...dealChanges(o, a),
        team: a.team,
        // Answered: nothing will expire any more.
        dueDateTime: undefined,
      }),
    );
  }

  /** Declines and, in the same write, queues the notification to the sender. */
  async decline(ref: CardRef, actor: Actor, input: DeclineInput): Promise<ActionOutcome> {
    const d = validate(DeclineInput, input);
    return this.act(ref, actor, (o, ctx) => {
      const next = transition(o, 'decline', ctx, { declineReason: d.reason, closingNotes: d.notes });
      return o.direction === 'Incoming' ? withNotification(next, senderNotification(next, ctx.at)) : next;
    });
  }

  async markWon(ref: CardRef, actor: Actor, input: WonInput): Promise<ActionOutcome> {
    const w = validate(WonInput, input);
    return this.act(ref, actor, (o, ctx) => {
      if (requiresDealRegistration(o) && !w.dealRegistration) {
        throw new ValidationError([{ path: 'dealRegistration.customerTenantId', message: 'deal registration details are required' }]);
      }
      return transition(o, 'win', ctx, {
        details: { ...o.details, dealValue: w.dealValue, closingDateTime: w.wonDateTime },
        closingNotes: w.notes,
        dealRegistration: w.dealRegistration,
      });
    });
  }

  async markLost(ref: CardRef, actor: Actor, input: LostInput): Promise<ActionOutcome> {
    const l = validate(LostInput, input);
    return this.act(ref, actor, (o, ctx) => transition(o, 'lose', ctx, { lostReason: l.reason, closingNotes: l.notes }));
  }

  async toggleFavorite(ref: CardRef, actor: Actor): Promise<ActionOutcome> {
    return this.act(ref, actor, (o, ctx) => transition(o, 'favorite', ctx, { favorite: !o.favorite }));
  }

  async edit(ref: CardRef, actor: Actor, input: DealFields): Promise<ActionOutcome> {
    const f = validate(DealFields, input);
    return this.act(ref, actor, (o, ctx) => transition(o, 'edit', ctx, dealChanges(o, f)));
  }

  /** Adds a person to the deal's team; the same email again updates that person. */
  async addEmployee(ref: CardRef, actor: Actor, input: Employee): Promise<ActionOutcome> {
    const p = validate(Employee, input);
    return this.act(ref, actor, (o, ctx) => {
      const others = o.team.filter((m) => m.email?.toLowerCase() !== p.email.toLowerCase());
      if (others.length >= 10) throw new ValidationError([{ path: 'team', message: 'a deal has at most 10 employees' }]);
      return transition(o, 'addEmployee', ctx, { team: [...others, p] });
    });
  }

  async editSolutions(ref: CardRef, actor: Actor, input: SolutionsInput): Promise<ActionOutcome> {
    const s = validate(SolutionsInput, input);
    return this.act(ref, actor, (o, ctx) =>
      transition(o, 'editSolutions', ctx, {
        details: { ...o.details, requirements: { ...o.details.requirements, solutions: s.solutions } },
      }),
    );
  }

  /** Upgrades a private pipeline deal to co-sell: Microsoft sellers then have 14 days to engage. */
  async inviteMicrosoft(ref: CardRef, actor: Actor, input: InviteInput): Promise<ActionOutcome> {
    const i = validate(InviteInput, input);
    return this.act(ref, actor, (o, ctx) => {
      const window = addDays(ctx.at, RESPONSE_WINDOW_DAYS).toISOString();
      const contacts = o.customerProfile.team.filter((c) => c.email?.toLowerCase() !== i.contact.email.toLowerCase());
      return transition(o, 'inviteMicrosoft', ctx, {
        inviteContext: { ...o.inviteContext, notes: i.notes, helpCodes: i.helpCodes },
        consent: { consentToShareReferralWithMicrosoftSellers: true, consentToContact: true },
        customerProfile: { ...o.customerProfile, team: [i.contact, ...contacts] },
        expirationDateTime: window,
        dueDateTime: window,
      });
    });
  }

  /** The owner's choice once Microsoft's 14 days are over: keep the deal as co-sell. */
  async keepCosell(ref: CardRef, actor: Actor): Promise<ActionOutcome> {
    return this.act(ref, actor, (o, ctx) => transition(o, 'keepCosell', ctx));
  }

  /** The other choice: continue without Microsoft, as a private pipeline deal. */
  async continuePrivate(ref: CardRef, actor: Actor): Promise<ActionOutcome> {
    return this.act(ref, actor, (o, ctx) => transition(o, 'continuePrivate', ctx));
  }

  /**
   * Archives an unanswered referral whose time is up, and queues the sender's notification in the
   * same write, plus whatever `notices` adds (the sweeper's Teams notices). Returns undefined when
   * there is nothing to expire (answered, or not yet due).
   */
  async expire(
    tenantId: string,
    id: string,
    notices: (expired: Opportunity) => OutboxEvent[] = () => [],
  ): Promise<Versioned<Opportunity> | undefined> {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const found = await this.repo.get(tenantId, id);
      if (!found) return undefined;
      const expired = expireReferral(found.value, this.clock.now());
      if (!expired) return undefined;
      const next = notices(expired).reduce(withNotification, expired);
      try {
        return await this.repo.replace(next, found.etag);
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    return undefined;
  }

  /**
   * The one path of every person's action: reload, compare the card's version with the stored
   * ETag, apply through the lifecycle, and write conditionally on that ETag. A lost race is a
   * stale card, never a second write.
   */
  private async act(
    ref: CardRef,
    actor: Actor,
    change: (o: Opportunity, ctx: TransitionContext) => Opportunity,
  ): Promise<ActionOutcome> {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const found = attempt === 0 && isLoaded(ref) ? ref.loaded : await this.repo.get(ref.tenantId, ref.id);
      if (!found) throw new NotFoundError(`No referral ${ref.id} in this tenant`);
      if (revisionOf(found.value) !== ref.version) return { kind: 'stale', current: found };
      const ctx: TransitionContext = { at: this.clock.now(), byUserId: actor.userId, byName: actor.name };
      let next: Opportunity;
      try {
        next = change(found.value, ctx);
      } catch (err) {
        if (err instanceof IllegalTransitionError) return { kind: 'notAllowed', current: found };
        throw err;
      }
      try {
        return { kind: 'applied', current: await this.repo.replace(next, found.etag) };
      } catch (err) {
        // Lost the race: if only bookkeeping changed (the sweeper queued or delivered a
        // notification), the person's card is still current, so apply again; else it is stale.
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    throw new ConflictError('The referral kept changing while the action was applied; retry');
  }
}

function isLoaded(ref: CardRef): ref is CardRef & { loaded: Versioned<Opportunity> } {
  return ref.loaded !== undefined && ref.loaded.value.id === ref.id && ref.loaded.value.tenantId === ref.tenantId;
}

export function requiresDealRegistration(o: Opportunity): boolean {
  return o.details.requirements.solutions.some((s) => s.requiresDealRegistration === true);
}

function dealChanges(o: Opportunity, f: DealFields): Partial<Opportunity> {
  return {
    name: f.name,
    details: { ...o.details, dealValue: f.dealValue, currency: f.currency, closingDateTime: f.closingDateTime, notes: f.notes },
    crmId: f.crmId,
    campaignId: f.campaignId,
  };
}

/**
 * The expired referral (archived, with the sender's notification queued), or undefined when it is
 * not an unanswered referral whose time is up at `now`.
 */
export function expireReferral(o: Opportunity, now: Date): Opportunity | undefined {
  if (!canApply(o, 'expire') || !o.expirationDateTime || new Date(o.expirationDateTime) > now) return undefined;
  const expired = transition(o, 'expire', { at: now });
  return o.direction === 'Incoming' ? withNotification(expired, senderNotification(expired, now)) : expired;
}

/** The fields the sender changed, or undefined when the event changes none of them. */
function senderEdits(o: Opportunity, e: ReferralUpdatedEvent, now: Date): Partial<Opportunity> | undefined {
  const edits: Partial<Opportunity> = {};
  if (e.name !== undefined && e.name !== o.name) edits.name = e.name;
  if (e.details) {
    const { requirements, ...rest } = e.details;
    const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    const details = {
      ...o.details,
      ...defined,
      requirements: requirements ? { ...o.details.requirements, solutions: requirements.solutions } : o.details.requirements,
    };
    if (!isDeepStrictEqual(details, o.details)) edits.details = details;
  }
  if (e.customerProfile && !isDeepStrictEqual(e.customerProfile, o.customerProfile)) edits.customerProfile = e.customerProfile;
  if (e.inviteContext && !isDeepStrictEqual(e.inviteContext, o.inviteContext)) edits.inviteContext = e.inviteContext;
  if (e.expirationDateTime && e.expirationDateTime !== o.expirationDateTime) {
    edits.expirationDateTime = e.expirationDateTime;
    // A new deadline: the sweeper plans its reminders again (the keys of sent ones name the old deadline).
    edits.nextReminderAt = now.toISOString();
  }
  return Object.keys(edits).length > 0 ? edits : undefined;
}
