import type { TurnContext } from 'botbuilder';
import { ConflictError, ForbiddenError, NotFoundError } from '../../services/errors';
import type { Translator } from '../../services/i18n/catalog';
import { MB } from '../../services/offers/documents/documentPolicy';
import { DocumentRejectedError, type DocumentRejection, type DocumentService } from '../../services/offers/documents/documentService';
import { TransferError, type FileTransfer } from '../../services/offers/documents/fileTransfer';
import { CsvEncodingError } from '../../services/offers/incomingFile';
import type { Actor, Offer } from '../../services/offers/offer';
import type { OfferAccess } from '../../services/offers/offerAccess';
import type { OfferService } from '../../services/offers/offerService';
import type { ContactsService } from '../../services/offers/contactsService';
import type { OrgFactsService } from '../../services/offers/orgFactsService';
import type { Versioned } from '../../services/store/documentStore';
import type { FileSender } from '../files/fileSender';
import { personOf, tenantOf } from '../teamsIdentity';
import { cardActivity, formatBytes, offerPickCard } from './offerCards';

/** What the offer commands and dialogs work with; built once in offerModule.ts. */
export interface OfferBotDeps {
  offers: OfferService;
  contacts: ContactsService;
  facts: OrgFactsService;
  documents: DocumentService;
  access: OfferAccess;
  transfer: FileTransfer;
  files: FileSender;
}

export interface Asker {
  tenantId: string;
  actor: Actor;
}

/** The person's tenant and identity; tells them when the chat carries no tenant. */
export async function askerOf(turn: TurnContext, tr: Translator): Promise<Asker | undefined> {
  const tenantId = tenantOf(turn);
  if (!tenantId) {
    await turn.sendActivity(tr.t('offers.errors.noTenant'));
    return undefined;
  }
  const person = personOf(turn);
  return { tenantId, actor: { userId: person.userId, ...(person.name ? { name: person.name } : {}) } };
}

/** Partner admins only: tells others why not. */
export async function mayManage(turn: TurnContext, tr: Translator, deps: OfferBotDeps, who: Asker): Promise<boolean> {
  if (await deps.access.canManage(who.tenantId, who.actor.userId)) return true;
  await turn.sendActivity(tr.t('offers.errors.forbidden'));
  return false;
}

/**
 * The offer a person named. Empty text: the only offer, or a choice of all. Several matches: a
 * choice of those, each button typing `<command> <name>`. Undefined when the person must choose.
 */
export async function resolveOffer(turn: TurnContext, tr: Translator, deps: OfferBotDeps, tenantId: string, text: string, command: string): Promise<Versioned<Offer> | undefined> {
  if (text.trim() === '') {
    const all = await deps.offers.all(tenantId);
    if (all.length === 0) await turn.sendActivity(tr.t('offers.pick.noOffers'));
    else if (all.length === 1) return deps.offers.get(tenantId, all[0]!.id);
    else await turn.sendActivity(cardActivity(offerPickCard(tr.t('offers.pick.all'), all, command, tr)));
    return undefined;
  }
  const found = await deps.offers.find(tenantId, text);
  if (found.exact) return found.exact;
  if (found.similar.length > 0) await turn.sendActivity(cardActivity(offerPickCard(tr.t('offers.pick.several', { text }), found.similar, command, tr)));
  else await turn.sendActivity(tr.t('offers.pick.none', { text }));
  return undefined;
}

export function rejectionText(r: DocumentRejection, tr: Translator, kind?: string): string {
  const kindLabel = kind ? tr.t(`offers.catalog.documentKinds.${kind}`) : '';
  switch (r.reason) {
    case 'fileType':
      return tr.t('offers.documents.rejected.fileType', { kind: kindLabel, fileType: r.fileType || '?', allowed: r.allowed.join(', ') });
    case 'tooLarge':
      return tr.t('offers.documents.rejected.tooLarge', { size: formatBytes(r.maxBytes, tr) });
    case 'contentMismatch':
      return tr.t('offers.documents.rejected.contentMismatch', { fileType: r.fileType });
    case 'additionalFull':
      return tr.t('offers.documents.rejected.additionalFull', { max: r.max });
    default:
      return tr.t(`offers.documents.rejected.${r.reason}`);
  }
}

/**
 * The person-facing answer to a domain error; unknown errors are rethrown (the adapter's turn
 * error handler apologises with a reference). `maxBytes` sizes the "too large" download message.
 */
export function errorText(err: unknown, tr: Translator, maxBytes = 5 * MB): string {
  if (err instanceof ForbiddenError) return tr.t('offers.errors.forbidden');
  if (err instanceof NotFoundError) return tr.t('offers.errors.offerGone');
  if (err instanceof ConflictError) return tr.t('offers.errors.conflict');
  if (err instanceof CsvEncodingError) return tr.t('offers.contacts.encoding');
  if (err instanceof DocumentRejectedError) return rejectionText(err.rejection, tr);
  if (err instanceof TransferError) return tr.t(`offers.files.transfer.${err.reason}`, { size: formatBytes(maxBytes, tr) });
  throw err;
}

/** Reads an Action.Submit from a card of this form: the submit's value, else undefined. */
export function submitOf(turn: TurnContext, form: string): Record<string, unknown> | undefined {
  const value = turn.activity.value as unknown;
  if (!value || typeof value !== 'object' || (value as { form?: unknown }).form !== form) return undefined;
  return value as Record<string, unknown>;
}
