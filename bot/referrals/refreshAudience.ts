import type { ConversationRepository } from '../../services/conversations/conversationRepository';
import { canManageReferrals } from '../../services/roles/roles';
import type { RoleService } from '../../services/roles/roleService';
import { MAX_REFRESH_USERS } from '../../cards/referralCards';

/**
 * Who gets a view of a referral card fitted to their role: the tenant's role holders, managers
 * first, as Teams user ids (known from their personal chats with the bot), at most 60.
 */
export class RefreshAudience {
  constructor(
    private readonly roles: RoleService,
    private readonly conversations: ConversationRepository,
  ) {}

  async userIdsFor(tenantId: string): Promise<string[]> {
    const members = await this.roles.members(tenantId);
    if (members.length === 0) return [];
    const ordered = [...members.filter((m) => canManageReferrals(m.roles)), ...members.filter((m) => !canManageReferrals(m.roles))].slice(
      0,
      MAX_REFRESH_USERS,
    );
    // Every card drawn asks this: look up the role holders' own chats (an indexed read each),
    // rather than reading through every personal chat the tenant has with the bot.
    const chats = await Promise.all(ordered.map((m) => this.conversations.personalChatOf(tenantId, m.userId)));
    return ordered.map((m, i) => chats[i]?.user?.id ?? m.userId);
  }
}
