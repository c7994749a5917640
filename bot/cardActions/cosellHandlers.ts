import { COSELL_VERBS } from '../../cards/cardVerbs';
import { canApply } from '../../services/opportunities/lifecycle';
import { revisionOf } from '../../services/opportunities/revision';
import type { ActionOutcome, Actor, CardRef, ReferralService } from '../../services/referrals/referralService';
import { handler, type CardActionHandler } from './cardAction';
import { RefData, refOf, type ReferralHandlerDeps, ReferralSteps } from './referralHandlers';

type Choice = { verb: string; action: 'keepCosell' | 'continuePrivate'; done: string; apply: (r: ReferralService, ref: CardRef, a: Actor) => Promise<ActionOutcome> };

const CHOICES: Choice[] = [
  { verb: COSELL_VERBS.keep, action: 'keepCosell', done: 'reminders.cosell.kept', apply: (r, ref, a) => r.keepCosell(ref, a) },
  { verb: COSELL_VERBS.private, action: 'continuePrivate', done: 'reminders.cosell.madePrivate', apply: (r, ref, a) => r.continuePrivate(ref, a) },
];

/**
 * The two buttons of the "Microsoft hasn't engaged" card: the same steps as every referral button
 * (tenant, role, revision, lifecycle), answered with the deal's card and what was done.
 */
export function cosellHandlers(deps: ReferralHandlerDeps): CardActionHandler[] {
  const steps = new ReferralSteps(deps);
  return CHOICES.map((choice) =>
    handler({
      verb: choice.verb,
      data: RefData,
      async run(ctx, data) {
        const v = await steps.loadToAct(ctx, data);
        if (!('etag' in v)) return v;
        if (revisionOf(v.value) !== data.version) return steps.card(ctx, v, steps.notice(ctx.tr, v.value, 'stale'), true);
        if (!canApply(v.value, choice.action)) return steps.card(ctx, v, steps.notice(ctx.tr, v.value, 'notAllowed'), true);
        return steps.answer(ctx, await choice.apply(deps.referrals, refOf(data, v), ctx.actor), ctx.tr.t(choice.done));
      },
    }),
  );
}
