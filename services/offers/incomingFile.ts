import { DomainError } from '../errors';
import { extensionOf } from './documents/documentPolicy';
import type { FileTransfer } from './documents/fileTransfer';

/** A file a person sent in chat: its name, where to fetch it, and its type by extension. */
export interface IncomingFile {
  name: string;
  url: string;
  /** Lower-case extension: "csv", "pdf", … */
  fileType: string;
}

/** A contacts file is a few hundred KB at most; 5 MB leaves room and stops abuse. */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;

export function isCsvFile(file: Pick<IncomingFile, 'name' | 'fileType'>): boolean {
  return file.fileType === 'csv' || extensionOf(file.name) === 'csv';
}

/** The CSV is neither UTF-8 nor UTF-16: the person should save it as "CSV UTF-8". */
export class CsvEncodingError extends DomainError {
  readonly code = 'csvEncoding';
}

/** Downloads a CSV file and decodes it: UTF-8 (with or without BOM), or UTF-16 with a BOM. */
export async function readCsvText(transfer: FileTransfer, file: IncomingFile): Promise<string> {
  const { bytes } = await transfer.download(file.url, MAX_CSV_BYTES);
  return decodeCsv(bytes);
}

export function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Spreadsheets' "CSV" in a legacy code page: guessing which one would garble names silently.
    throw new CsvEncodingError('the file is not UTF-8 text');
  }
}
