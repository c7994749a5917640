import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '../../clock';
import type { Collection, DocumentStore } from '../../store/documentStore';
import { DOCUMENT_FILES } from '../offerCollections';
import type { DocumentFileRecord } from './documentFileRecord';

/**
 * Where the bytes of uploaded co-sell documents live. The default keeps them in our own store
 * (nothing more to set up, and it works the same on SQLite and Cosmos DB); a blob-storage
 * implementation can replace it later without touching the offers code.
 */
export interface NewFile {
  name: string;
  contentType: string;
  fileType: string;
  bytes: Uint8Array;
}

export interface StoredFile extends Omit<NewFile, 'bytes'> {
  bytes: Buffer;
  sizeBytes: number;
}

export interface DocumentFileStore {
  /** Stores the file and returns its id. */
  put(tenantId: string, file: NewFile): Promise<string>;
  get(tenantId: string, fileId: string): Promise<StoredFile | undefined>;
  delete(tenantId: string, fileId: string): Promise<void>;
}

/**
 * 512 KiB of bytes is about 683 KiB of base64: well under Cosmos DB's 2 MB item limit, and small
 * enough that SQLite rows stay cheap to read.
 */
export const CHUNK_BYTES = 512 * 1024;

const chunkId = (fileId: string, index: number) => `${fileId}.${index}`;

/**
 * Files as base64 chunks in the `documentFiles` collection. Chunks are written first and the
 * manifest last, so a half-written file is never visible (there are no cross-document
 * transactions); the manifest's hash catches a chunk that went missing later.
 */
export class StoreDocumentFileStore implements DocumentFileStore {
  private readonly files: Collection<DocumentFileRecord>;

  constructor(
    store: DocumentStore,
    private readonly clock: Clock,
  ) {
    this.files = store.collection(DOCUMENT_FILES);
  }

  async put(tenantId: string, file: NewFile): Promise<string> {
    const fileId = randomUUID();
    const bytes = Buffer.from(file.bytes);
    const chunkCount = Math.ceil(bytes.length / CHUNK_BYTES);
    for (let index = 0; index < chunkCount; index++) {
      const data = bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES).toString('base64');
      await this.files.create({ part: 'chunk', id: chunkId(fileId, index), tenantId, fileId, index, data });
    }
    await this.files.create({
      part: 'manifest',
      id: fileId,
      tenantId,
      name: file.name,
      contentType: file.contentType,
      fileType: file.fileType,
      sizeBytes: bytes.length,
      chunkCount,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      createdAt: this.clock.now().toISOString(),
    });
    return fileId;
  }

  async get(tenantId: string, fileId: string): Promise<StoredFile | undefined> {
    const manifest = (await this.files.get(tenantId, fileId))?.value;
    if (!manifest || manifest.part !== 'manifest') return undefined;
    const chunks = await Promise.all(
      Array.from({ length: manifest.chunkCount }, async (_, index) => {
        const chunk = (await this.files.get(tenantId, chunkId(fileId, index)))?.value;
        if (!chunk || chunk.part !== 'chunk') throw new Error(`document file ${fileId} is missing chunk ${index}`);
        return Buffer.from(chunk.data, 'base64');
      }),
    );
    const bytes = Buffer.concat(chunks);
    if (createHash('sha256').update(bytes).digest('hex') !== manifest.sha256) throw new Error(`document file ${fileId} is corrupt`);
    return { name: manifest.name, contentType: manifest.contentType, fileType: manifest.fileType, bytes, sizeBytes: bytes.length };
  }

  async delete(tenantId: string, fileId: string): Promise<void> {
    const manifest = (await this.files.get(tenantId, fileId))?.value;
    if (!manifest || manifest.part !== 'manifest') return;
    // The manifest goes first: from then on the file is gone even if a chunk delete fails.
    await this.files.delete(tenantId, fileId);
    for (let index = 0; index < manifest.chunkCount; index++) await this.files.delete(tenantId, chunkId(fileId, index));
  }
}
