import { z } from 'zod';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { ConflictError } from '../services/errors';
import { Translator } from '../services/i18n/catalog';
import { cardActivity, orgFactsCard } from '../bot/offers/offerCards';
import { askerOf, errorText, submitOf, type OfferBotDeps } from '../bot/offers/offerTurn';

export const ORG_FACTS_DIALOG = 'offers.orgFacts';

/** Card inputs arrive as strings (or numbers from some clients); money is USD, never negative. */
const usd = z.preprocess((v) => (typeof v === 'string' ? v.trim().replace(/[\s,]/g, '') : v), z.coerce.number().finite().nonnegative());
const toggle = z.preprocess((v) => v === true || v === 'true', z.boolean());

const OrgFactsSubmit = z.object({
  form: z.literal('orgFacts'),
  action: z.enum(['save', 'cancel']),
  acrTtmUsd: usd.optional(),
  billedRevenueTtmUsd: usd.optional(),
  goldCompetency: toggle.optional(),
  isvConnectPremium: toggle.optional(),
});

interface OrgFactsState {
  etag?: string;
}

/** "org facts" for partner admins: the facts card as a form, saved over the version shown. */
export class OrgFactsDialog extends Dialog {
  constructor(private readonly deps: OfferBotDeps) {
    super(ORG_FACTS_DIALOG);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const tr = new Translator(dc.context.activity.locale);
    const who = await askerOf(dc.context, tr);
    if (!who) return dc.endDialog();
    const { facts, etag } = await this.deps.facts.get(who.tenantId);
    this.state(dc).etag = etag;
    await dc.context.sendActivity(cardActivity(orgFactsCard(facts, tr, true)));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const tr = new Translator(dc.context.activity.locale);
    const who = await askerOf(dc.context, tr);
    if (!who) return dc.endDialog();
    const raw = submitOf(dc.context, 'orgFacts');
    if (!raw) {
      await dc.context.sendActivity(tr.t('offers.facts.waiting'));
      return Dialog.EndOfTurn;
    }
    const submit = OrgFactsSubmit.safeParse(raw);
    if (submit.success && submit.data.action === 'cancel') {
      await dc.context.sendActivity(tr.t('common.cancelled'));
      return dc.endDialog();
    }
    const data = submit.success ? submit.data : undefined;
    const { facts: current } = await this.deps.facts.get(who.tenantId);
    if (!data || data.acrTtmUsd === undefined || data.billedRevenueTtmUsd === undefined) {
      await dc.context.sendActivity(cardActivity(orgFactsCard(current, tr, true, tr.t('offers.facts.invalid'))));
      return Dialog.EndOfTurn;
    }
    try {
      const saved = await this.deps.facts.save(
        who.tenantId,
        who.actor,
        {
          acrTtmUsd: data.acrTtmUsd,
          billedRevenueTtmUsd: data.billedRevenueTtmUsd,
          goldCompetency: data.goldCompetency ?? false,
          isvConnectPremium: data.isvConnectPremium ?? false,
        },
        this.state(dc).etag,
      );
      await dc.context.sendActivity(tr.t('offers.facts.saved'));
      await dc.context.sendActivity(cardActivity(orgFactsCard(saved.value, tr, false)));
      return dc.endDialog();
    } catch (err) {
      if (err instanceof ConflictError) {
        const fresh = await this.deps.facts.get(who.tenantId);
        this.state(dc).etag = fresh.etag;
        await dc.context.sendActivity(cardActivity(orgFactsCard(fresh.facts, tr, true, tr.t('offers.facts.conflict'))));
        return Dialog.EndOfTurn;
      }
      await dc.context.sendActivity(errorText(err, tr));
      return dc.endDialog();
    }
  }

  private state(dc: DialogContext): OrgFactsState {
    return dc.activeDialog!.state as OrgFactsState;
  }
}
