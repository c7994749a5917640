import { ForbiddenError } from '../../../../services/errors';
import { CHUNK_BYTES, StoreDocumentFileStore } from '../../../../services/offers/documents/documentFileStore';
import { checkFile } from '../../../../services/offers/documents/documentPolicy';
import { DocumentRejectedError, DocumentService, type DocumentRejection } from '../../../../services/offers/documents/documentService';
import { FileTransfer } from '../../../../services/offers/documents/fileTransfer';
import { SqliteStore } from '../../../../services/store/sqliteStore';
import { LocalFileServer } from '../../../helpers/fileServer';
import { ADMIN, offerServices, SELLER } from '../../../helpers/offerServices';
import { makeListing } from '../../../helpers/offers';

const T = 'tenant-a';
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1_000, 7)]);
const PPTX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(500, 1)]);

describe('co-sell documents', () => {
  let store: SqliteStore;
  let files: LocalFileServer;
  let fileStore: StoreDocumentFileStore;
  let documents: DocumentService;
  let offerId: string;

  beforeAll(async () => {
    files = new LocalFileServer();
    await files.start();
  });
  afterAll(() => files.stop());

  beforeEach(async () => {
    store = new SqliteStore(':memory:');
    const s = await offerServices(store);
    fileStore = new StoreDocumentFileStore(store, s.clock);
    documents = new DocumentService(s.offersRepo, fileStore, new FileTransfer(fetch, { timeoutMs: 2_000, allowLoopbackHttp: true }), s.access, s.clock);
    offerId = (await s.offers.create(T, ADMIN, makeListing())).value.id;
  });
  afterEach(() => store.close());

  const rejection = (p: Promise<unknown>): Promise<DocumentRejection | string> =>
    p.then(
      () => 'accepted',
      (e: unknown) => (e instanceof DocumentRejectedError ? e.rejection : String(e)),
    );

  it('records a link, named after its host unless given a title', async () => {
    const offer = await documents.addLink(T, ADMIN, offerId, 'externalUrl', 'https://fabrikam.example/analytics');
    expect(offer.documents).toEqual([expect.objectContaining({ kind: 'externalUrl', source: 'link', name: 'fabrikam.example', url: 'https://fabrikam.example/analytics', addedBy: ADMIN })]);
    expect(await rejection(documents.addLink(T, ADMIN, offerId, 'onePager', 'http://fabrikam.example/x'))).toEqual({ reason: 'badLink' });
    expect(await rejection(documents.addLink(T, ADMIN, offerId, 'onePager', 'javascript:alert(1)'))).toEqual({ reason: 'badLink' });
  });

  it('keeps a file sent in chat, with its name, type and size, and gives the same bytes back', async () => {
    const url = files.serve('/one-pager.pdf', { body: PDF });
    const offer = await documents.addFile(T, ADMIN, offerId, 'onePager', { name: 'One pager.pdf', url, fileType: 'pdf' });
    const doc = offer.documents[0]!;
    expect(doc).toMatchObject({ kind: 'onePager', source: 'file', name: 'One pager.pdf', fileType: 'pdf', contentType: 'application/pdf', sizeBytes: PDF.length });
    expect((await documents.file(T, offerId, doc.id))?.bytes).toEqual(PDF);
  });

  it('replaces the document of a single-document kind, and deletes the old file', async () => {
    const first = (await documents.addFile(T, ADMIN, offerId, 'pitchDeck', { name: 'v1.pptx', url: files.serve('/v1.pptx', { body: PPTX }), fileType: 'pptx' })).documents[0]!;
    const offer = await documents.addLink(T, ADMIN, offerId, 'pitchDeck', 'https://fabrikam.example/deck', 'Deck v2');
    expect(offer.documents.map((d) => d.name)).toEqual(['Deck v2']);
    expect(first.source === 'file' && (await fileStore.get(T, first.fileId))).toBeUndefined();
  });

  it('takes up to five additional documents', async () => {
    for (let i = 1; i <= 5; i++) await documents.addLink(T, ADMIN, offerId, 'additional', `https://fabrikam.example/video${i}`);
    expect(await rejection(documents.addLink(T, ADMIN, offerId, 'additional', 'https://fabrikam.example/video6'))).toEqual({ reason: 'additionalFull', max: 5 });
  });

  it('refuses files that make no sense for the document, before downloading them when it can', async () => {
    const exe = files.serve('/setup.exe', { body: 'MZ' });
    expect(await rejection(documents.addFile(T, ADMIN, offerId, 'onePager', { name: 'setup.exe', url: exe, fileType: 'exe' }))).toEqual({ reason: 'fileType', fileType: 'exe', allowed: ['pdf', 'docx', 'pptx'] });
    expect(await rejection(documents.addFile(T, ADMIN, offerId, 'pitchDeck', { name: 'a.mp4', url: exe, fileType: 'mp4' }))).toMatchObject({ reason: 'fileType' });
    expect(await rejection(documents.addFile(T, ADMIN, offerId, 'externalUrl', { name: 'a.pdf', url: exe, fileType: 'pdf' }))).toEqual({ reason: 'linkOnly' });
    const renamed = files.serve('/renamed.pdf', { body: 'MZ this is not a pdf' });
    expect(await rejection(documents.addFile(T, ADMIN, offerId, 'onePager', { name: 'renamed.pdf', url: renamed, fileType: 'pdf' }))).toEqual({ reason: 'contentMismatch', fileType: 'pdf' });
    const empty = files.serve('/empty.pdf', { body: '' });
    expect(await rejection(documents.addFile(T, ADMIN, offerId, 'onePager', { name: 'empty.pdf', url: empty, fileType: 'pdf' }))).toEqual({ reason: 'empty' });
    expect(checkFile('referenceArchitecture', 'png', Buffer.alloc(6 * 1024 * 1024))).toEqual({ ok: false, reason: 'tooLarge', maxBytes: 5 * 1024 * 1024 });
  });

  it('removes a document and its file; only admins change documents', async () => {
    await expect(documents.addLink(T, SELLER, offerId, 'onePager', 'https://fabrikam.example/x')).rejects.toBeInstanceOf(ForbiddenError);
    const offer = await documents.addFile(T, ADMIN, offerId, 'caseStudy', { name: 'case.pdf', url: files.serve('/case.pdf', { body: PDF }), fileType: 'pdf' });
    const doc = offer.documents[0]!;
    await expect(documents.remove(T, SELLER, offerId, doc.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await documents.remove(T, ADMIN, offerId, doc.id)).documents).toEqual([]);
    expect(await documents.file(T, offerId, doc.id)).toBeUndefined();
  });

  it('stores big files in chunks that each fit one Cosmos DB item', async () => {
    const bytes = Buffer.alloc(CHUNK_BYTES * 2 + 10);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 251;
    const id = await fileStore.put(T, { name: 'deck.pptx', contentType: 'x', fileType: 'pptx', bytes });
    expect((await fileStore.get(T, id))?.bytes.equals(bytes)).toBe(true);
    expect(await fileStore.get('tenant-b', id)).toBeUndefined();
    await fileStore.delete(T, id);
    expect(await fileStore.get(T, id)).toBeUndefined();
  });
});
