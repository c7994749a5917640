import { z } from 'zod';
import { RecentContactsDocument } from '../deals/recentContact';
import { Opportunity } from '../opportunities/opportunity';
import { TenantRoles } from '../roles/roles';
import type { CollectionSpec } from './documentStore';

/**
 * Every collection the product stores, declared once: both backends create their tables or
 * containers from these declarations.
 */
export const OPPORTUNITIES: CollectionSpec<Opportunity> = {
  name: 'opportunities',
  schema: Opportunity,
  queryFields: ['direction', 'status', 'substatus', 'favorite', 'createdDateTime', 'dueDateTime', 'externalId'],
  indexes: [
    ['direction', 'createdDateTime'],
    ['direction', 'status', 'createdDateTime'],
    ['favorite', 'createdDateTime'],
    ['externalId'],
  ],
  // The sweeper finds due records across tenants by due time, never by scanning.
  globalIndexes: [['dueDateTime']],
};

export const BotStateDocument = z.object({
  id: z.string(),
  /** Each state key is its own partition: the value of `id`. */
  tenantId: z.string(),
  key: z.string(),
  state: z.record(z.string(), z.unknown()),
});
export type BotStateDocument = z.infer<typeof BotStateDocument>;

/** Bot Framework dialog and conversation state, so a conversation survives a restart. */
export const BOT_STATE: CollectionSpec<BotStateDocument> = {
  name: 'botState',
  schema: BotStateDocument,
  queryFields: [],
  indexes: [],
};

/** Who holds which role in a partner tenant: one document per tenant. */
export const ROLES: CollectionSpec<TenantRoles> = {
  name: 'roles',
  schema: TenantRoles,
  queryFields: [],
  indexes: [],
};

/** Each seller's recently used deal contacts: one document per person, read in one point read. */
export const RECENT_CONTACTS: CollectionSpec<RecentContactsDocument> = {
  name: 'recentContacts',
  schema: RecentContactsDocument,
  queryFields: [],
  indexes: [],
};

export const ALL_COLLECTIONS: ReadonlyArray<CollectionSpec<{ id: string; tenantId: string }>> = [
  OPPORTUNITIES as unknown as CollectionSpec<{ id: string; tenantId: string }>,
  BOT_STATE as unknown as CollectionSpec<{ id: string; tenantId: string }>,
  ROLES as unknown as CollectionSpec<{ id: string; tenantId: string }>,
  RECENT_CONTACTS as unknown as CollectionSpec<{ id: string; tenantId: string }>,
];
