import { z } from 'zod';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { Translator } from '../services/i18n/catalog';
import { ALLOWED_TYPES, FILE_TYPES } from '../services/offers/documents/documentPolicy';
import { DocumentRejectedError } from '../services/offers/documents/documentService';
import type { IncomingFile } from '../services/offers/incomingFile';
import { DocumentKind, type Offer } from '../services/offers/offer';
import { filesIn } from '../bot/files/incomingFiles';
import { cardActivity, documentFormCard, documentsCard, formatBytes, type DocumentFormOptions } from '../bot/offers/offerCards';
import { askerOf, errorText, rejectionText, submitOf, type Asker, type OfferBotDeps } from '../bot/offers/offerTurn';

export const ADD_DOCUMENT_DIALOG = 'offers.addDocument';

export interface AddDocumentOptions {
  offerId?: string;
  /** A file the person already sent. */
  file?: IncomingFile;
}

interface AddDocumentState {
  stage: 'form' | 'awaitFile';
  offerId?: string;
  file?: IncomingFile;
  kind?: DocumentKind;
}

const DocumentFormSubmit = z.object({
  form: z.literal('documentForm'),
  action: z.enum(['save', 'cancel']),
  offerId: z.string().max(100).optional(),
  kind: z.string().max(50).optional(),
  url: z.string().max(2048).optional(),
  title: z.string().max(200).optional(),
});

/**
 * "add document <offer>", or a file sent without words: which offer and which document, then a
 * link, or the file (already sent, or sent next). The file is checked and kept; the listing names it.
 */
export class AddDocumentDialog extends Dialog<AddDocumentOptions> {
  constructor(private readonly deps: OfferBotDeps) {
    super(ADD_DOCUMENT_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options: AddDocumentOptions = {}): Promise<DialogTurnResult> {
    const tr = new Translator(dc.context.activity.locale);
    const who = await askerOf(dc.context, tr);
    if (!who) return dc.endDialog();
    Object.assign(this.state(dc), { stage: 'form', offerId: options.offerId, file: options.file });
    await this.sendForm(dc, tr, who, {});
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const tr = new Translator(dc.context.activity.locale);
    const who = await askerOf(dc.context, tr);
    if (!who) return dc.endDialog();
    const state = this.state(dc);
    const raw = submitOf(dc.context, 'documentForm');
    if (raw?.action === 'cancel') {
      await dc.context.sendActivity(tr.t('common.cancelled'));
      return dc.endDialog();
    }

    if (state.stage === 'awaitFile') {
      const file = filesIn(dc.context.activity)[0];
      if (!file || !state.kind) {
        await dc.context.sendActivity(tr.t('offers.documents.waiting', { kind: tr.t(`offers.catalog.documentKinds.${state.kind ?? 'additional'}`) }));
        return Dialog.EndOfTurn;
      }
      return this.addFile(dc, tr, who, state.kind, file);
    }

    const submit = raw ? DocumentFormSubmit.safeParse(raw) : undefined;
    if (!submit?.success) {
      await dc.context.sendActivity(tr.t('offers.documents.formWaiting'));
      return Dialog.EndOfTurn;
    }
    const values = submit.data;
    const offerId = state.offerId ?? values.offerId ?? '';
    const kind = DocumentKind.safeParse(values.kind);
    if (!offerId || !kind.success) {
      await this.sendForm(dc, tr, who, { values, problem: tr.t(offerId ? 'offers.documents.kindMissing' : 'offers.documents.offerMissing') });
      return Dialog.EndOfTurn;
    }
    state.offerId = offerId;
    if (state.file) return this.addFile(dc, tr, who, kind.data, state.file);

    const url = values.url?.trim() ?? '';
    const allowed = ALLOWED_TYPES[kind.data];
    if (url || allowed.length === 0) {
      try {
        const offer = await this.deps.documents.addLink(who.tenantId, who.actor, offerId, kind.data, url, values.title);
        return this.done(dc, tr, offer, kind.data);
      } catch (err) {
        if (!(err instanceof DocumentRejectedError)) {
          await dc.context.sendActivity(errorText(err, tr));
          return dc.endDialog();
        }
        await this.sendForm(dc, tr, who, { values, problem: rejectionText(err.rejection, tr, kind.data) });
        return Dialog.EndOfTurn;
      }
    }
    Object.assign(state, { stage: 'awaitFile', kind: kind.data });
    const largest = Math.max(...allowed.map((t) => FILE_TYPES[t]?.maxBytes ?? 0));
    await dc.context.sendActivity(
      tr.t('offers.documents.sendFile', { kind: tr.t(`offers.catalog.documentKinds.${kind.data}`), types: allowed.join(', '), size: formatBytes(largest, tr) }),
    );
    return Dialog.EndOfTurn;
  }

  /** Adds the file; a refused file keeps the dialog waiting for a better one. */
  private async addFile(dc: DialogContext, tr: Translator, who: Asker, kind: DocumentKind, file: IncomingFile): Promise<DialogTurnResult> {
    const state = this.state(dc);
    try {
      const offer = await this.deps.documents.addFile(who.tenantId, who.actor, state.offerId ?? '', kind, file);
      return this.done(dc, tr, offer, kind);
    } catch (err) {
      const text = err instanceof DocumentRejectedError ? rejectionText(err.rejection, tr, kind) : errorText(err, tr, FILE_TYPES[file.fileType]?.maxBytes);
      await dc.context.sendActivity(text);
      Object.assign(state, { stage: 'awaitFile', kind, file: undefined });
      return Dialog.EndOfTurn;
    }
  }

  private async done(dc: DialogContext, tr: Translator, offer: Offer, kind: DocumentKind): Promise<DialogTurnResult> {
    await dc.context.sendActivity(tr.t('offers.documents.added', { kind: tr.t(`offers.catalog.documentKinds.${kind}`), offer: offer.name }));
    await dc.context.sendActivity(cardActivity(documentsCard(offer, tr, true)));
    return dc.endDialog();
  }

  private async sendForm(dc: DialogContext, tr: Translator, who: Asker, extra: Pick<DocumentFormOptions, 'values' | 'problem'>): Promise<void> {
    const state = this.state(dc);
    const offer = state.offerId ? await this.deps.offers.get(who.tenantId, state.offerId) : undefined;
    const offers = offer ? undefined : await this.deps.offers.all(who.tenantId);
    const card = documentFormCard({ offers, offerName: offer?.value.name, fileName: state.file?.name, ...extra }, tr);
    await dc.context.sendActivity(cardActivity(card));
  }

  private state(dc: DialogContext): AddDocumentState {
    return dc.activeDialog!.state as AddDocumentState;
  }
}
