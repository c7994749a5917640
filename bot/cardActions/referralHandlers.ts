import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import { z } from 'zod';
import { REFERRAL_VERBS } from '../../cards/cardVerbs';
import { lastChange } from '../../cards/referralCards';
import { FORM_FIELDS, referralForm, type FormValues } from '../../cards/referralForms';
import type { Clock } from '../../services/clock';
import { ValidationError } from '../../services/errors';
import type { Translator } from '../../services/i18n/catalog';
import { canApply } from '../../services/opportunities/lifecycle';
import type { Opportunity } from '../../services/opportunities/opportunity';
import type { OpportunityRepository } from '../../services/opportunities/opportunityRepository';
import { revisionOf } from '../../services/opportunities/revision';
import type { ActionOutcome, CardRef, ReferralService } from '../../services/referrals/referralService';
import { canManageReferrals, rolesIn, type RoleMember } from '../../services/roles/roles';
import type { RoleService } from '../../services/roles/roleService';
import type { Versioned } from '../../services/store/documentStore';
import type { BackgroundTasks } from '../backgroundTasks';
import type { ReferralCardDrawer } from '../referrals/referralCardDrawer';
import type { ReferralCardPublisher } from '../referrals/referralCardPublisher';
import { handler, type CardActionContext, type CardActionHandler } from './cardAction';
import { FormReader } from './formReader';
import { cardResponse, errorResponse } from './invokeResponses';
import { errorKeyOf, fieldForPath, FORM_SPECS, type FormSpec } from './referralFormSpecs';

export interface ReferralHandlerDeps {
  referrals: ReferralService;
  opportunities: OpportunityRepository;
  roles: RoleService;
  cards: ReferralCardDrawer;
  publisher: ReferralCardPublisher;
  background: BackgroundTasks;
  clock: Clock;
}

const Id = z.string().min(1).max(100);
/** Which referral (the card's data carries ids only). */
export const ViewData = z.strictObject({ referralId: Id, tenantId: Id });
/** Which referral, and the revision the card was drawn from (revisionOf). */
export const RefData = z.strictObject({ referralId: Id, tenantId: Id, version: z.string().min(1).max(200) });
type ViewData = z.infer<typeof ViewData>;
type RefData = z.infer<typeof RefData>;

/** A form's submit: the referral's ids and version, plus exactly the form's inputs (all strings). */
function submitData(fields: ReadonlyArray<string>): z.ZodType<RefData & Partial<Record<string, string>>> {
  return RefData.extend(Object.fromEntries(fields.map((f) => [f, z.string().max(5000).optional()]))) as unknown as z.ZodType<
    RefData & Partial<Record<string, string>>
  >;
}

/**
 * The steps every referral button shares: reload from the store, check tenant and role, compare
 * the card's revision with the stored one, and answer with the card fitted to the person's role.
 */
export class ReferralSteps {
  private readonly membersRead = new WeakMap<CardActionContext, Promise<RoleMember[]>>();

  constructor(private readonly deps: ReferralHandlerDeps) {}

  async load(ctx: CardActionContext, data: ViewData): Promise<Versioned<Opportunity> | AdaptiveCardInvokeResponse> {
    // The clicking person's Teams tenant must own the referral; the id alone proves nothing.
    if (data.tenantId !== ctx.tenantId) return errorResponse(403, 'otherTenant', ctx.tr.t('referrals.errors.otherTenant'));
    const found = await this.deps.opportunities.get(ctx.tenantId, data.referralId);
    return found ?? errorResponse(404, 'notFound', ctx.tr.t('referrals.errors.notFound'));
  }

  /**
   * The tenant's role holders, read once per click: whether the person may act and who gets a
   * card fitted to their role both come from the same read.
   */
  private members(ctx: CardActionContext): Promise<RoleMember[]> {
    let read = this.membersRead.get(ctx);
    if (!read) {
      read = this.deps.roles.members(ctx.tenantId);
      this.membersRead.set(ctx, read);
    }
    return read;
  }

  async mayAct(ctx: CardActionContext): Promise<boolean> {
    return canManageReferrals(rolesIn(await this.members(ctx), ctx.actor.userId));
  }

  async card(ctx: CardActionContext, v: Versioned<Opportunity>, notice?: string, mayAct?: boolean): Promise<AdaptiveCardInvokeResponse> {
    const canAct = mayAct ?? (await this.mayAct(ctx));
    return cardResponse(await this.deps.cards.draw(v, ctx.tr, canAct, notice, await this.members(ctx)));
  }

  /**
   * Loads the referral a click wants to change. Answers instead (the current card, or the read-only
   * card and why) when it is not there for this person or they may not act on it.
   */
  async loadToAct(ctx: CardActionContext, data: ViewData): Promise<Versioned<Opportunity> | AdaptiveCardInvokeResponse> {
    const v = await this.load(ctx, data);
    if (!('etag' in v)) return v;
    if (!(await this.mayAct(ctx))) return this.readOnly(ctx, v);
    return v;
  }

  readOnly(ctx: CardActionContext, v: Versioned<Opportunity>): Promise<AdaptiveCardInvokeResponse> {
    return this.card(ctx, v, ctx.tr.t('referrals.notices.readOnly'), false);
  }

  /** Why nothing happened, with who did what when. */
  notice(tr: Translator, o: Opportunity, kind: 'stale' | 'notAllowed'): string {
    const last = lastChange(o, tr);
    if (!last) return tr.t('referrals.notices.staleNoHistory');
    return tr.t(`referrals.notices.${kind}`, { last });
  }

  /** Before a form opens or is applied: the card must be current and the action still possible. */
  async precheck(ctx: CardActionContext, v: Versioned<Opportunity>, data: RefData, action: FormSpec<unknown>['action']) {
    if (revisionOf(v.value) !== data.version) return this.card(ctx, v, this.notice(ctx.tr, v.value, 'stale'), true);
    if (!canApply(v.value, action)) return this.card(ctx, v, this.notice(ctx.tr, v.value, 'notAllowed'), true);
    return undefined;
  }

  /** Answers with the new card now; redraws the posted copies afterwards. */
  async answer(ctx: CardActionContext, outcome: ActionOutcome, doneNotice: string): Promise<AdaptiveCardInvokeResponse> {
    const { current } = outcome;
    if (outcome.kind === 'applied') {
      this.deps.background.run('refresh posted referral cards', () => this.deps.publisher.refreshAfterChange(current));
      return this.card(ctx, current, doneNotice, true);
    }
    return this.card(ctx, current, this.notice(ctx.tr, current.value, outcome.kind), true);
  }
}

/** The card's reference; `loaded` is the version the click was just checked against (saves a read). */
export function refOf(data: RefData, loaded?: Versioned<Opportunity>): CardRef {
  return { tenantId: data.tenantId, id: data.referralId, version: data.version, loaded };
}

function formHandlers(steps: ReferralSteps, deps: ReferralHandlerDeps, spec: FormSpec<unknown>): CardActionHandler[] {
  const open = handler({
    verb: spec.formVerb,
    data: RefData,
    async run(ctx, data) {
      const v = await steps.loadToAct(ctx, data);
      if (!('etag' in v)) return v;
      const refused = await steps.precheck(ctx, v, data, spec.action);
      if (refused) return refused;
      return cardResponse(referralForm(spec.form, v, ctx.tr, deps.clock.now(), { values: spec.prefill?.(ctx.actor, v.value) }));
    },
  });

  const fields: ReadonlyArray<string> = FORM_FIELDS[spec.form];
  const submit = handler({
    verb: spec.submitVerb,
    data: submitData(fields),
    async run(ctx, data) {
      const v = await steps.loadToAct(ctx, data);
      if (!('etag' in v)) return v;
      const refused = await steps.precheck(ctx, v, data, spec.action);
      if (refused) return refused;

      const values: FormValues = Object.fromEntries(fields.map((f) => [f, data[f] ?? '']));
      const showErrors = (wrong: Iterable<string>) => {
        const errors = Object.fromEntries([...wrong].map((f) => [f, ctx.tr.t(`referrals.form.errors.${errorKeyOf(f)}`)]));
        return cardResponse(referralForm(spec.form, v, ctx.tr, deps.clock.now(), { values, errors }));
      };
      const reader = new FormReader(values);
      const input = spec.read(reader, v.value, deps.clock.now());
      if (input === undefined || !reader.ok) return showErrors(reader.errors);
      try {
        return await steps.answer(ctx, await spec.apply(deps.referrals, refOf(data, v), ctx.actor, input), ctx.tr.t(spec.done));
      } catch (err) {
        if (err instanceof ValidationError) return showErrors(err.problems.map((p) => fieldForPath(spec.form, p.path)));
        throw err;
      }
    },
  });
  return [open, submit];
}

/** Every referral verb: view, refresh, the heart, and each form's open and submit. */
export function referralHandlers(deps: ReferralHandlerDeps): CardActionHandler[] {
  const steps = new ReferralSteps(deps);
  const showCurrent = async (ctx: Parameters<ReferralSteps['load']>[0], data: Parameters<ReferralSteps['load']>[1]) => {
    const v = await steps.load(ctx, data);
    return 'etag' in v ? steps.card(ctx, v) : v;
  };
  return [
    handler({ verb: REFERRAL_VERBS.view, data: ViewData, run: showCurrent }),
    // Teams asks for a person's own view of a card (refresh.userIds): always the current one.
    handler({ verb: REFERRAL_VERBS.refresh, data: RefData, run: showCurrent }),
    handler({
      verb: REFERRAL_VERBS.favorite,
      data: RefData,
      async run(ctx, data) {
        const v = await steps.loadToAct(ctx, data);
        if (!('etag' in v)) return v;
        const outcome = await deps.referrals.toggleFavorite(refOf(data, v), ctx.actor);
        const done = outcome.current.value.favorite ? 'referrals.notices.favoriteOn' : 'referrals.notices.favoriteOff';
        return steps.answer(ctx, outcome, ctx.tr.t(done));
      },
    }),
    ...FORM_SPECS.flatMap((spec) => formHandlers(steps, deps, spec)),
  ];
}
