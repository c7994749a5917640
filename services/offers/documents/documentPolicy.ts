import type { DocumentKind } from '../offer';

/**
 * Which files make sense for which co-sell document, and how big they may be. The type is judged
 * by the file's extension *and* its first bytes, so a renamed executable is not taken for a PDF.
 */
export const MB = 1024 * 1024;

interface FileTypeSpec {
  contentType: string;
  maxBytes: number;
  /** Does the content start like this type of file? */
  looksRight(bytes: Uint8Array): boolean;
}

const startsWith = (bytes: Uint8Array, ...sig: number[]) => sig.every((b, i) => bytes[i] === b);
const isZip = (b: Uint8Array) => startsWith(b, 0x50, 0x4b, 0x03, 0x04);
const isPdf = (b: Uint8Array) => startsWith(b, 0x25, 0x50, 0x44, 0x46, 0x2d);
const isPng = (b: Uint8Array) => startsWith(b, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const isJpeg = (b: Uint8Array) => startsWith(b, 0xff, 0xd8, 0xff);
/** ISO base media files (MP4) carry "ftyp" at offset 4. */
const isMp4 = (b: Uint8Array) => b[4] === 0x66 && b[5] === 0x74 && b[6] === 0x79 && b[7] === 0x70;

export const FILE_TYPES: Record<string, FileTypeSpec> = {
  pdf: { contentType: 'application/pdf', maxBytes: 20 * MB, looksRight: isPdf },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', maxBytes: 20 * MB, looksRight: isZip },
  pptx: { contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', maxBytes: 20 * MB, looksRight: isZip },
  vsdx: { contentType: 'application/vnd.ms-visio.drawing', maxBytes: 20 * MB, looksRight: isZip },
  png: { contentType: 'image/png', maxBytes: 5 * MB, looksRight: isPng },
  jpg: { contentType: 'image/jpeg', maxBytes: 5 * MB, looksRight: isJpeg },
  jpeg: { contentType: 'image/jpeg', maxBytes: 5 * MB, looksRight: isJpeg },
  mp4: { contentType: 'video/mp4', maxBytes: 20 * MB, looksRight: isMp4 },
};

/** The largest file any document may be: downloads stop there. */
export const MAX_DOCUMENT_BYTES = Math.max(...Object.values(FILE_TYPES).map((t) => t.maxBytes));

const DOCUMENTS = ['pdf', 'docx', 'pptx'];
const DECKS = ['pdf', 'pptx'];

/** The external reference URL is a link by nature; every other kind may be a file or a link. */
export const ALLOWED_TYPES: Record<DocumentKind, ReadonlyArray<string>> = {
  onePager: DOCUMENTS,
  pitchDeck: DECKS,
  caseStudy: DOCUMENTS,
  customerWins: DOCUMENTS,
  channelPitchDeck: DECKS,
  referenceArchitecture: ['pdf', 'png', 'jpg', 'jpeg', 'vsdx', 'pptx'],
  additional: ['pdf', 'docx', 'pptx', 'png', 'jpg', 'jpeg', 'mp4'],
  externalUrl: [],
};

export type FileRejection =
  | { reason: 'linkOnly' }
  | { reason: 'fileType'; fileType: string; allowed: ReadonlyArray<string> }
  | { reason: 'empty' }
  | { reason: 'tooLarge'; maxBytes: number }
  | { reason: 'contentMismatch'; fileType: string };

export type FileVerdict = { ok: true; fileType: string; contentType: string } | ({ ok: false } & FileRejection);

/** The lower-case extension of a file name ("Deck.PPTX" → "pptx"), or "" when it has none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Before downloading: is this kind of file acceptable at all, and how many bytes may it have? */
export function precheckFile(kind: DocumentKind, fileType: string): FileVerdict {
  const allowed = ALLOWED_TYPES[kind];
  if (allowed.length === 0) return { ok: false, reason: 'linkOnly' };
  const spec = FILE_TYPES[fileType];
  if (!spec || !allowed.includes(fileType)) return { ok: false, reason: 'fileType', fileType, allowed };
  return { ok: true, fileType, contentType: spec.contentType };
}

export function maxBytesOf(fileType: string): number {
  return FILE_TYPES[fileType]?.maxBytes ?? 0;
}

/** After downloading: the size and the content must fit the type the name claims. */
export function checkFile(kind: DocumentKind, fileType: string, bytes: Uint8Array): FileVerdict {
  const pre = precheckFile(kind, fileType);
  if (!pre.ok) return pre;
  const spec = FILE_TYPES[fileType]!;
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (bytes.length > spec.maxBytes) return { ok: false, reason: 'tooLarge', maxBytes: spec.maxBytes };
  if (!spec.looksRight(bytes)) return { ok: false, reason: 'contentMismatch', fileType };
  return pre;
}
