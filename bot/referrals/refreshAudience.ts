import type { ConversationRepository } from '../../services/conversations/conversationRepository';
import { canManageReferrals, type RoleMember } from '../../services/roles/roles';
import type { RoleService } from '../../services/roles/roleService';
import { MAX_REFRESH_USERS } from '../../cards/referralCards';

/** People whose Teams id is remembered at most (a bound on memory, not a limit on who is served). */
const MAX_REMEMBERED = 50_000;

/**
 * Who gets a view of a referral card fitted to their role: the tenant's role holders, managers
 * first, as Teams user ids (known from their personal chats with the bot), at most 60.
 */
export class RefreshAudience {
  /**
   * Teams user ids found so far, by tenant and user: a person's id for this bot never changes, so
   * once found it is not looked up again (people without a chat yet are, until they have one).
   */
  private readonly teamsIds = new Map<string, string>();

  constructor(
    private readonly roles: RoleService,
    private readonly conversations: ConversationRepository,
  ) {}

  /** `members`: the tenant's role holders when the caller has just read them (saves a read). */
  async userIdsFor(tenantId: string, known?: ReadonlyArray<RoleMember>): Promise<string[]> {
    const members = known ?? (await this.roles.members(tenantId));
    if (members.length === 0) return [];
    const ordered = [...members.filter((m) => canManageReferrals(m.roles)), ...members.filter((m) => !canManageReferrals(m.roles))].slice(
      0,
      MAX_REFRESH_USERS,
    );
    // Every card drawn asks this: look up the role holders' own chats (an indexed read each, once
    // per person), rather than reading through every personal chat the tenant has with the bot.
    return Promise.all(ordered.map((m) => this.teamsIdOf(tenantId, m.userId)));
  }

  private async teamsIdOf(tenantId: string, userId: string): Promise<string> {
    const key = `${tenantId}\n${userId}`;
    const known = this.teamsIds.get(key);
    if (known !== undefined) return known;
    const found = (await this.conversations.personalChatOf(tenantId, userId))?.user?.id;
    if (found === undefined) return userId;
    if (this.teamsIds.size >= MAX_REMEMBERED) this.teamsIds.clear();
    this.teamsIds.set(key, found);
    return found;
  }
}
