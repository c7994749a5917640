import type { TenantSettingsService } from '../../services/settings/tenantSettingsService';
import { canManageReferrals } from '../../services/roles/roles';
import type { RoleService } from '../../services/roles/roleService';
import type { ConversationTracker } from '../conversations/conversationTracker';
import { conversationIdOf } from '../conversations/conversationTracker';
import { personOf, tenantOf } from '../teamsIdentity';
import type { Command } from './command';

export interface ReferralsChannelDeps {
  settings: TenantSettingsService;
  roles: RoleService;
  tracker: ConversationTracker;
}

/** "use this channel for referrals", said in a team channel: new referrals are posted there. */
export function referralsChannelCommand(deps: ReferralsChannelDeps): Command {
  return {
    id: 'referralsChannel',
    triggers: ['use this channel for referrals'],
    helpKey: 'help.commands.referralsChannel',
    async run({ turn, tr }) {
      const tenantId = tenantOf(turn);
      if (!tenantId) {
        await turn.sendActivity(tr.t('referrals.errors.noTenant'));
        return;
      }
      if (turn.activity.conversation.conversationType !== 'channel') {
        await turn.sendActivity(tr.t('referrals.channel.notChannel'));
        return;
      }
      const person = personOf(turn);
      if (!canManageReferrals(await deps.roles.rolesOf(tenantId, person.userId))) {
        await turn.sendActivity(tr.t('referrals.channel.notAllowed'));
        return;
      }
      await deps.tracker.remember(turn);
      await deps.settings.setReferralsChannel(tenantId, conversationIdOf(turn), person.userId);
      await turn.sendActivity(tr.t('referrals.channel.set'));
    },
  };
}
