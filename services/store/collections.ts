import { z } from 'zod';
import { ConversationRecord } from '../conversations/conversationRecord';
import { PostedCards } from '../conversations/postedCard';
import { OFFER_COLLECTIONS } from '../offers/offerCollections';
import { RecentContactsDocument } from '../deals/recentContact';
import { Opportunity } from '../opportunities/opportunity';
import { withRevision } from '../opportunities/revision';
import { UserPreferences } from '../preferences/userPreferences';
import { LEASES } from '../jobs/lease';
import { TenantRoles } from '../roles/roles';
import { TenantSettings } from '../settings/tenantSettings';
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
    // Every list is newest first: unfiltered (the customers already met), or by direction, stage, favorite.
    ['createdDateTime'],
    ['direction', 'createdDateTime'],
    ['direction', 'status', 'createdDateTime'],
    ['favorite', 'createdDateTime'],
    ['externalId'],
  ],
  // The sweeper finds due records across tenants by due time, never by scanning.
  globalIndexes: [['dueDateTime']],
  // Each version carries its revision, so reading it back costs no hash (revision.ts).
  stamp: withRevision,
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

/** Where the bot can post proactively: one record per conversation it is in. */
export const CONVERSATIONS: CollectionSpec<ConversationRecord> = {
  name: 'conversations',
  schema: ConversationRecord,
  queryFields: ['kind', 'userKey', 'teamId', 'updatedAt'],
  indexes: [['kind', 'updatedAt'], ['kind', 'userKey', 'updatedAt'], ['teamId', 'updatedAt']],
};

/** The activity ids of the cards posted for each opportunity, to update them in place. */
export const POSTED_CARDS: CollectionSpec<PostedCards> = {
  name: 'postedCards',
  schema: PostedCards,
  queryFields: [],
  indexes: [],
};

/** One settings document per partner tenant (e.g. its referrals channel). */
export const TENANT_SETTINGS: CollectionSpec<TenantSettings> = {
  name: 'tenantSettings',
  schema: TenantSettings,
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

/** Each person's own settings (e.g. reminders off), one document per person and tenant. */
export const USER_PREFERENCES: CollectionSpec<UserPreferences> = {
  name: 'userPreferences',
  schema: UserPreferences,
  queryFields: [],
  indexes: [],
};

export const ALL_COLLECTIONS: ReadonlyArray<CollectionSpec<{ id: string; tenantId: string }>> = [
  OPPORTUNITIES as unknown as CollectionSpec<{ id: string; tenantId: string }>,
  BOT_STATE as unknown as CollectionSpec<{ id: string; tenantId: string }>,
  ROLES as unknown as CollectionSpec<{ id: string; tenantId: string }>,
  LEASES as unknown as CollectionSpec<{ id: string; tenantId: string }>,
  CONVERSATIONS as unknown as CollectionSpec<{ id: string; tenantId: string }>,
  POSTED_CARDS as unknown as CollectionSpec<{ id: string; tenantId: string }>,
  TENANT_SETTINGS as unknown as CollectionSpec<{ id: string; tenantId: string }>,
  ...OFFER_COLLECTIONS,
  RECENT_CONTACTS as unknown as CollectionSpec<{ id: string; tenantId: string }>,
  USER_PREFERENCES as unknown as CollectionSpec<{ id: string; tenantId: string }>,
];
