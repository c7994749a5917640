import { z } from 'zod';
import { ContactPerson } from './dealDraft';

/** The people a seller put on their latest deals, newest first: offered for one-tap re-use. */
export const RecentContactsDocument = z.object({
  /** The seller's user id, URI-encoded (Cosmos ids refuse '/', '?', '#'). */
  id: z.string().min(1),
  tenantId: z.string().min(1),
  userId: z.string().min(1),
  contacts: z.array(ContactPerson).max(20),
  updatedDateTime: z.string(),
});
export type RecentContactsDocument = z.infer<typeof RecentContactsDocument>;
