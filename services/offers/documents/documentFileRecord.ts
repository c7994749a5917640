import { z } from 'zod';

/** How DocumentFileStore keeps a file in our own store: a manifest and base64 chunks. */
const FileManifest = z.object({
  part: z.literal('manifest'),
  id: z.string().min(1),
  tenantId: z.string().min(1),
  name: z.string().min(1).max(200),
  contentType: z.string().min(1).max(200),
  fileType: z.string().min(1).max(10),
  sizeBytes: z.number().int().nonnegative(),
  chunkCount: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
});

const FileChunk = z.object({
  part: z.literal('chunk'),
  id: z.string().min(1),
  tenantId: z.string().min(1),
  fileId: z.string().min(1),
  index: z.number().int().nonnegative(),
  /** base64 of at most CHUNK_BYTES bytes. */
  data: z.string(),
});

export const DocumentFileRecord = z.discriminatedUnion('part', [FileManifest, FileChunk]);
export type DocumentFileRecord = z.infer<typeof DocumentFileRecord>;
