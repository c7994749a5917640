import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { ConflictError, ValidationError } from '../services/errors';
import { Translator } from '../services/i18n/catalog';
import type { OfferListing } from '../services/offers/offer';
import { cardActivity, offerFormCard, statusCard } from '../bot/offers/offerCards';
import { emptyFormValues, formValuesOf, listingFromForm, OfferFormSubmit, problemText, type OfferFormValues } from '../bot/offers/offerForm';
import { askerOf, errorText, submitOf, type OfferBotDeps } from '../bot/offers/offerTurn';

export const OFFER_FORM_DIALOG = 'offers.offerForm';

export type OfferFormOptions = { mode: 'create' } | { mode: 'edit'; offerId: string };

interface OfferFormState {
  mode: 'create' | 'edit';
  offerId?: string;
  /** The version the form was drawn from: the edit applies to it, or is refused. */
  etag?: string;
  /** The offer's name when the form was opened, for the form's title. */
  name?: string;
}

/**
 * "new offer" / "edit offer <name>": one card holds the whole listing. A submit is validated with
 * zod; a rejection draws the form again with the person's values and what to fix, and saves nothing.
 */
export class OfferFormDialog extends Dialog<OfferFormOptions> {
  constructor(private readonly deps: OfferBotDeps) {
    super(OFFER_FORM_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: OfferFormOptions): Promise<DialogTurnResult> {
    const state = this.state(dc);
    const tr = new Translator(dc.context.activity.locale);
    const who = await askerOf(dc.context, tr);
    if (!who) return dc.endDialog();
    state.mode = options?.mode ?? 'create';
    if (options?.mode === 'edit') {
      const offer = await this.deps.offers.get(who.tenantId, options.offerId);
      if (!offer) {
        await dc.context.sendActivity(tr.t('offers.errors.offerGone'));
        return dc.endDialog();
      }
      Object.assign(state, { offerId: offer.value.id, etag: offer.etag, name: offer.value.name });
      await this.sendForm(dc.context, tr, formValuesOf(offer.value), [], state);
    } else {
      await this.sendForm(dc.context, tr, emptyFormValues(), [], state);
    }
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = this.state(dc);
    const tr = new Translator(dc.context.activity.locale);
    const raw = submitOf(dc.context, 'offerForm');
    const submit = raw ? OfferFormSubmit.safeParse(raw) : undefined;
    if (!submit?.success) {
      await dc.context.sendActivity(tr.t('offers.form.waiting'));
      return Dialog.EndOfTurn;
    }
    if (submit.data.action === 'cancel') {
      await dc.context.sendActivity(tr.t('common.cancelled'));
      return dc.endDialog();
    }
    const { form: _form, action: _action, ...values } = submit.data;
    const parsed = listingFromForm(values);
    if (!parsed.ok) {
      await this.sendForm(dc.context, tr, values, parsed.problems.map((p) => problemText(p, tr)), state);
      return Dialog.EndOfTurn;
    }
    return this.save(dc, tr, state, values, parsed.listing);
  }

  private async save(dc: DialogContext, tr: Translator, state: OfferFormState, values: OfferFormValues, listing: OfferListing): Promise<DialogTurnResult> {
    const who = await askerOf(dc.context, tr);
    if (!who) return dc.endDialog();
    try {
      const saved =
        state.mode === 'edit' && state.offerId && state.etag
          ? await this.deps.offers.update(who.tenantId, who.actor, state.offerId, state.etag, listing)
          : await this.deps.offers.create(who.tenantId, who.actor, listing);
      const { readiness, contactsCount } = await this.deps.offers.status(who.tenantId, saved.value);
      await dc.context.sendActivity(tr.t(state.mode === 'edit' ? 'offers.form.updated' : 'offers.form.created', { name: saved.value.name }));
      await dc.context.sendActivity(cardActivity(statusCard(saved.value, readiness, contactsCount, tr, true)));
      return dc.endDialog();
    } catch (err) {
      if (err instanceof ValidationError && err.problems.some((p) => p.message === 'nameTaken')) {
        await this.sendForm(dc.context, tr, values, [problemText({ key: 'nameTaken', vars: { name: listing.name } }, tr)], state);
        return Dialog.EndOfTurn;
      }
      if (err instanceof ConflictError && state.offerId) {
        const current = await this.deps.offers.get(who.tenantId, state.offerId);
        if (current) {
          state.etag = current.etag;
          await this.sendForm(dc.context, tr, formValuesOf(current.value), [tr.t('offers.form.conflict', { name: current.value.name })], state);
          return Dialog.EndOfTurn;
        }
      }
      await dc.context.sendActivity(errorText(err, tr));
      return dc.endDialog();
    }
  }

  private async sendForm(turn: TurnContext, tr: Translator, values: OfferFormValues, problems: string[], state: OfferFormState): Promise<void> {
    await turn.sendActivity(cardActivity(offerFormCard(values, problems, tr, state.mode === 'edit' ? state.name : undefined)));
  }

  private state(dc: DialogContext): OfferFormState {
    return dc.activeDialog!.state as OfferFormState;
  }
}
