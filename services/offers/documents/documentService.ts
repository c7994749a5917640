import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock';
import { ConflictError, DomainError, NotFoundError } from '../../errors';
import type { Versioned } from '../../store/documentStore';
import { HttpsUrl, MAX_ADDITIONAL_DOCUMENTS, type Actor, type DocumentKind, type Offer, type OfferDocument } from '../offer';
import type { OfferAccess } from '../offerAccess';
import type { OfferRepository } from '../offerRepository';
import type { IncomingFile } from '../incomingFile';
import { checkFile, maxBytesOf, precheckFile, type FileRejection, type FileVerdict } from './documentPolicy';
import type { DocumentFileStore, StoredFile } from './documentFileStore';
import type { FileTransfer } from './fileTransfer';

export type DocumentRejection = FileRejection | { reason: 'additionalFull'; max: number } | { reason: 'badLink' };

/** A document the co-sell listing cannot take; `rejection` says why, for the person to fix. */
export class DocumentRejectedError extends DomainError {
  readonly code = 'documentRejected';
  constructor(readonly rejection: DocumentRejection) {
    super(`document rejected: ${rejection.reason}`);
  }
}

function rejected(verdict: Extract<FileVerdict, { ok: false }>): DocumentRejectedError {
  const { ok: _ok, ...rejection } = verdict;
  return new DocumentRejectedError(rejection);
}

/**
 * The co-sell documents of an offer: links, or files people send in chat. The list lives in the
 * offer document (the status needs it with the offer); the bytes live in the DocumentFileStore.
 */
export class DocumentService {
  constructor(
    private readonly offers: OfferRepository,
    private readonly files: DocumentFileStore,
    private readonly transfer: FileTransfer,
    private readonly access: OfferAccess,
    private readonly clock: Clock,
  ) {}

  async addLink(tenantId: string, actor: Actor, offerId: string, kind: DocumentKind, url: string, title?: string): Promise<Offer> {
    await this.access.assertCanManage(tenantId, actor.userId);
    if (!HttpsUrl.safeParse(url).success) throw new DocumentRejectedError({ reason: 'badLink' });
    const name = title?.trim() || new URL(url).hostname;
    return this.record(tenantId, offerId, { id: randomUUID(), kind, source: 'link', url, name: name.slice(0, 200), addedAt: this.now(), addedBy: actor });
  }

  /** Downloads a file sent in chat, checks it, keeps it, and lists it on the offer. */
  async addFile(tenantId: string, actor: Actor, offerId: string, kind: DocumentKind, file: IncomingFile): Promise<Offer> {
    await this.access.assertCanManage(tenantId, actor.userId);
    const pre = precheckFile(kind, file.fileType);
    if (!pre.ok) throw rejected(pre);
    await this.mustExist(tenantId, offerId);
    const { bytes } = await this.transfer.download(file.url, maxBytesOf(file.fileType));
    const verdict = checkFile(kind, file.fileType, bytes);
    if (!verdict.ok) throw rejected(verdict);
    const fileId = await this.files.put(tenantId, { name: file.name, contentType: verdict.contentType, fileType: verdict.fileType, bytes });
    try {
      return await this.record(tenantId, offerId, {
        id: randomUUID(),
        kind,
        source: 'file',
        name: file.name.slice(0, 200),
        fileId,
        fileType: verdict.fileType,
        contentType: verdict.contentType,
        sizeBytes: bytes.length,
        addedAt: this.now(),
        addedBy: actor,
      });
    } catch (err) {
      await this.files.delete(tenantId, fileId); // not listed anywhere: do not keep it
      throw err;
    }
  }

  async remove(tenantId: string, actor: Actor, offerId: string, documentId: string): Promise<Offer> {
    await this.access.assertCanManage(tenantId, actor.userId);
    let removed: OfferDocument | undefined;
    const offer = await this.change(tenantId, offerId, (documents) => {
      removed = documents.find((d) => d.id === documentId);
      if (!removed) throw new NotFoundError(`document ${documentId} not found`);
      return documents.filter((d) => d.id !== documentId);
    });
    if (removed?.source === 'file') await this.files.delete(tenantId, removed.fileId);
    return offer;
  }

  /** The bytes of a file document, for sending it back to a person. */
  async file(tenantId: string, offerId: string, documentId: string): Promise<StoredFile | undefined> {
    const offer = await this.offers.get(tenantId, offerId);
    const doc = offer?.value.documents.find((d) => d.id === documentId);
    return doc?.source === 'file' ? this.files.get(tenantId, doc.fileId) : undefined;
  }

  /**
   * Adds a document: a single-document kind replaces the one it had (whose file is then deleted);
   * "additional" takes up to five.
   */
  private async record(tenantId: string, offerId: string, doc: OfferDocument): Promise<Offer> {
    let replaced: OfferDocument[] = [];
    const offer = await this.change(tenantId, offerId, (documents) => {
      if (doc.kind === 'additional') {
        if (documents.filter((d) => d.kind === 'additional').length >= MAX_ADDITIONAL_DOCUMENTS) {
          throw new DocumentRejectedError({ reason: 'additionalFull', max: MAX_ADDITIONAL_DOCUMENTS });
        }
        replaced = [];
        return [...documents, doc];
      }
      replaced = documents.filter((d) => d.kind === doc.kind);
      return [...documents.filter((d) => d.kind !== doc.kind), doc];
    });
    for (const old of replaced) if (old.source === 'file') await this.files.delete(tenantId, old.fileId);
    return offer;
  }

  /**
   * Adding or removing a document does not depend on the rest of the offer, so a lost ETag race
   * is simply retried on the fresh version.
   */
  private async change(tenantId: string, offerId: string, apply: (docs: OfferDocument[]) => OfferDocument[]): Promise<Offer> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.mustExist(tenantId, offerId);
      const documents = apply([...current.value.documents]);
      try {
        return (await this.offers.replace({ ...current.value, documents, updatedAt: this.now() }, current.etag)).value;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    throw new ConflictError(`offer ${offerId} keeps changing; try again`);
  }

  private async mustExist(tenantId: string, offerId: string): Promise<Versioned<Offer>> {
    const offer = await this.offers.get(tenantId, offerId);
    if (!offer) throw new NotFoundError(`offer ${offerId} not found`);
    return offer;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
