import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { ConflictError } from '../services/errors';
import { Translator } from '../services/i18n/catalog';
import type { ContactsImportPlan } from '../services/offers/contactsService';
import { isCsvFile, MAX_CSV_BYTES, readCsvText, type IncomingFile } from '../services/offers/incomingFile';
import { filesIn } from '../bot/files/incomingFiles';
import { csvProblemLines } from '../bot/offers/csvProblemText';
import { cardActivity, contactsConfirmCard, formatBytes, offerChoiceCard } from '../bot/offers/offerCards';
import { askerOf, errorText, submitOf, type Asker, type OfferBotDeps } from '../bot/offers/offerTurn';

export const CONTACTS_IMPORT_DIALOG = 'offers.contactsImport';

export interface ContactsImportOptions {
  offerId?: string;
  file?: IncomingFile;
}

interface ContactsImportState {
  stage: 'chooseOffer' | 'awaitFile' | 'confirm';
  offerId?: string;
  /** A file sent before the offer was chosen: its URL waits here while the person picks. */
  file?: IncomingFile;
  fileName?: string;
  /** The checked file, waiting for the person's confirmation (kept with the dialog, not applied). */
  plan?: ContactsImportPlan;
}

/**
 * Importing a contacts CSV: which offer (when not said), the file (when not sent yet), a check of
 * every row, and a confirm card saying how many contacts are replaced by how many. Nothing
 * changes until the confirm; then the whole list is replaced in one write.
 */
export class ContactsImportDialog extends Dialog<ContactsImportOptions> {
  constructor(private readonly deps: OfferBotDeps) {
    super(CONTACTS_IMPORT_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options: ContactsImportOptions = {}): Promise<DialogTurnResult> {
    const tr = new Translator(dc.context.activity.locale);
    const who = await askerOf(dc.context, tr);
    if (!who) return dc.endDialog();
    const state = this.state(dc);
    if (options.offerId) return this.withOffer(dc, tr, who, options.offerId, options.file);

    const offers = await this.deps.offers.all(who.tenantId);
    if (offers.length === 0) {
      await dc.context.sendActivity(tr.t('offers.pick.noOffers'));
      return dc.endDialog();
    }
    if (offers.length === 1) return this.withOffer(dc, tr, who, offers[0]!.id, options.file);
    Object.assign(state, { stage: 'chooseOffer' as const, file: options.file });
    await dc.context.sendActivity(cardActivity(offerChoiceCard(tr.t('offers.contacts.chooseOffer'), offers, 'contactsImport', tr)));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const tr = new Translator(dc.context.activity.locale);
    const state = this.state(dc);
    const who = await askerOf(dc.context, tr);
    if (!who) return dc.endDialog();
    const submit = submitOf(dc.context, 'contactsImport');

    if (submit?.action === 'cancel') {
      const offer = state.offerId ? await this.deps.offers.get(who.tenantId, state.offerId) : undefined;
      await dc.context.sendActivity(offer ? tr.t('offers.contacts.importCancelled', { offer: offer.value.name }) : tr.t('common.cancelled'));
      return dc.endDialog();
    }

    switch (state.stage) {
      case 'chooseOffer': {
        const offerId = typeof submit?.offerId === 'string' ? submit.offerId : '';
        if (submit?.action !== 'choose' || !offerId) {
          await dc.context.sendActivity(tr.t('offers.contacts.chooseWaiting'));
          return Dialog.EndOfTurn;
        }
        return this.withOffer(dc, tr, who, offerId, state.file);
      }
      case 'awaitFile': {
        const file = filesIn(dc.context.activity)[0];
        const offer = await this.deps.offers.get(who.tenantId, state.offerId ?? '');
        if (!offer) {
          await dc.context.sendActivity(tr.t('offers.errors.offerGone'));
          return dc.endDialog();
        }
        if (!file) {
          await dc.context.sendActivity(tr.t('offers.contacts.waitingForFile', { offer: offer.value.name }));
          return Dialog.EndOfTurn;
        }
        return this.check(dc, tr, who, file);
      }
      case 'confirm': {
        // A new file while the confirm card waits replaces the one being reviewed.
        const file = filesIn(dc.context.activity)[0];
        if (file) return this.check(dc, tr, who, file);
        if (submit?.action !== 'confirm' || !state.plan) {
          await dc.context.sendActivity(tr.t('offers.contacts.confirmWaiting'));
          return Dialog.EndOfTurn;
        }
        return this.apply(dc, tr, who, state.plan);
      }
    }
  }

  private async withOffer(dc: DialogContext, tr: Translator, who: Asker, offerId: string, file: IncomingFile | undefined): Promise<DialogTurnResult> {
    const state = this.state(dc);
    const offer = await this.deps.offers.get(who.tenantId, offerId);
    if (!offer) {
      await dc.context.sendActivity(tr.t('offers.errors.offerGone'));
      return dc.endDialog();
    }
    Object.assign(state, { offerId, stage: 'awaitFile' as const, file: undefined });
    if (file) return this.check(dc, tr, who, file);
    await dc.context.sendActivity(tr.t('offers.contacts.sendFile', { offer: offer.value.name, size: formatBytes(MAX_CSV_BYTES, tr) }));
    return Dialog.EndOfTurn;
  }

  /** Downloads and checks the file; problems keep the dialog waiting for a corrected file. */
  private async check(dc: DialogContext, tr: Translator, who: Asker, file: IncomingFile): Promise<DialogTurnResult> {
    const state = this.state(dc);
    const turn = dc.context;
    const offer = await this.deps.offers.get(who.tenantId, state.offerId ?? '');
    if (!offer) {
      await turn.sendActivity(tr.t('offers.errors.offerGone'));
      return dc.endDialog();
    }
    if (!isCsvFile(file)) {
      await turn.sendActivity(tr.t('offers.contacts.notCsv'));
      return this.waitForFile(state);
    }
    try {
      const csv = await readCsvText(this.deps.transfer, file);
      const check = await this.deps.contacts.prepareImport(who.tenantId, who.actor, offer.value.id, csv);
      if (!check.ok) {
        await this.sendProblems(turn, tr, file.name, check.problems);
        return this.waitForFile(state);
      }
      if (check.plan.unchanged) {
        await turn.sendActivity(tr.t('offers.contacts.unchanged', { file: file.name, offer: offer.value.name }));
        return dc.endDialog();
      }
      Object.assign(state, { stage: 'confirm' as const, plan: check.plan, fileName: file.name });
      await turn.sendActivity(cardActivity(contactsConfirmCard(offer.value, file.name, check.plan, tr)));
      return Dialog.EndOfTurn;
    } catch (err) {
      await turn.sendActivity(errorText(err, tr, MAX_CSV_BYTES));
      return this.waitForFile(state);
    }
  }

  private async apply(dc: DialogContext, tr: Translator, who: Asker, plan: ContactsImportPlan): Promise<DialogTurnResult> {
    const offer = await this.deps.offers.get(who.tenantId, plan.offerId);
    const name = offer?.value.name ?? '';
    try {
      await this.deps.contacts.applyImport(who.tenantId, who.actor, plan);
      await dc.context.sendActivity(tr.t('offers.contacts.imported', { offer: name, count: tr.number(plan.contacts.length), previous: tr.number(plan.currentCount) }));
    } catch (err) {
      await dc.context.sendActivity(err instanceof ConflictError ? tr.t('offers.contacts.conflict', { offer: name }) : errorText(err, tr));
    }
    return dc.endDialog();
  }

  private async sendProblems(turn: TurnContext, tr: Translator, fileName: string, problems: Parameters<typeof csvProblemLines>[0]): Promise<void> {
    const { lines, more } = csvProblemLines(problems, tr);
    const text = [
      tr.t('offers.contacts.problemsTitle', { file: fileName }),
      ...lines.map((l) => `- ${l}`),
      ...(more > 0 ? [tr.t('offers.contacts.problemsMore', { count: tr.number(more) })] : []),
    ].join('\n');
    await turn.sendActivity({ type: 'message', text, textFormat: 'markdown' });
  }

  private waitForFile(state: ContactsImportState): DialogTurnResult {
    state.stage = 'awaitFile';
    state.plan = undefined;
    return Dialog.EndOfTurn;
  }

  private state(dc: DialogContext): ContactsImportState {
    return dc.activeDialog!.state as ContactsImportState;
  }
}
