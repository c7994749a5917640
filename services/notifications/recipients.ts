import type { ConversationRecord } from '../conversations/conversationRecord';
import type { ConversationRepository } from '../conversations/conversationRepository';
import type { Opportunity } from '../opportunities/opportunity';
import type { UserPreferencesRepository } from '../preferences/userPreferencesRepository';
import { canManageReferrals } from '../roles/roles';
import type { RoleService } from '../roles/roleService';
import type { TenantSettingsService } from '../settings/tenantSettingsService';

export interface RecipientDirectoryDeps {
  conversations: ConversationRepository;
  settings: TenantSettingsService;
  roles: RoleService;
  preferences: UserPreferencesRepository;
}

/** Why someone is told: reminders respect "reminders off"; notices of a change always go. */
export type Purpose = 'reminder' | 'notice';

/**
 * Who hears about an opportunity in Teams. A received referral belongs to the partner's referrals
 * channel when one is set (and the bot is still there), else to everyone who may manage referrals,
 * in their personal chat with the bot. An outbound deal belongs to the person who created it, else
 * likewise. Lookups are remembered for the life of the instance: make one per sweep.
 */
export class RecipientDirectory {
  private readonly owners = new Map<string, Promise<ConversationRecord[]>>();
  private readonly chats = new Map<string, Promise<ConversationRecord | undefined>>();
  private readonly quiet = new Map<string, Promise<boolean>>();

  constructor(private readonly deps: RecipientDirectoryDeps) {}

  /** Where a new referral's card goes. */
  referralOwners(tenantId: string): Promise<ConversationRecord[]> {
    let found = this.owners.get(tenantId);
    if (!found) {
      found = this.findReferralOwners(tenantId);
      this.owners.set(tenantId, found);
    }
    return found;
  }

  async forOpportunity(o: Opportunity, purpose: Purpose): Promise<ConversationRecord[]> {
    let targets: ConversationRecord[] = [];
    if (o.direction === 'Outgoing' && o.createdBy) {
      const own = await this.personalChat(o.tenantId, o.createdBy.userId);
      if (own) targets = [own];
    }
    if (targets.length === 0) targets = await this.referralOwners(o.tenantId);
    if (purpose === 'notice') return targets;
    const wanted = await Promise.all(targets.map(async (t) => t.kind !== 'personal' || !t.userKey || !(await this.remindersOff(t.tenantId, t.userKey))));
    return targets.filter((_, i) => wanted[i]);
  }

  private async findReferralOwners(tenantId: string): Promise<ConversationRecord[]> {
    const channel = (await this.deps.settings.get(tenantId)).referralsChannel;
    if (channel) {
      const record = await this.deps.conversations.get(tenantId, channel.conversationId);
      if (record) return [record];
    }
    const managers = (await this.deps.roles.members(tenantId)).filter((m) => canManageReferrals(m.roles));
    const chats = await Promise.all(managers.map((m) => this.personalChat(tenantId, m.userId)));
    return chats.filter((c): c is ConversationRecord => c !== undefined);
  }

  private personalChat(tenantId: string, userKey: string): Promise<ConversationRecord | undefined> {
    const key = `${tenantId}\n${userKey}`;
    let found = this.chats.get(key);
    if (!found) {
      found = this.deps.conversations.personalChatOf(tenantId, userKey);
      this.chats.set(key, found);
    }
    return found;
  }

  private remindersOff(tenantId: string, userKey: string): Promise<boolean> {
    const key = `${tenantId}\n${userKey}`;
    let found = this.quiet.get(key);
    if (!found) {
      found = this.deps.preferences.remindersOff(tenantId, userKey);
      this.quiet.set(key, found);
    }
    return found;
  }
}

/** The time zone most of the recipients share (Teams reports it per person), if any is known. */
export function commonTimeZone(records: ReadonlyArray<ConversationRecord>): string | undefined {
  const counts = new Map<string, number>();
  for (const r of records) if (r.timeZone) counts.set(r.timeZone, (counts.get(r.timeZone) ?? 0) + 1);
  let best: string | undefined;
  for (const [zone, n] of counts) if (best === undefined || n > (counts.get(best) ?? 0)) best = zone;
  return best;
}
