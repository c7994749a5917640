import { NEW_DEAL_DIALOG } from '../../dialogs/newDeal/ids';
import type { FlowOptions } from '../../dialogs/flow/questionFlowDialog';
import type { DealService } from '../../services/deals/dealService';
import { personOf, tenantOf } from '../teamsIdentity';
import type { Command } from './command';

/** "new deal": starts the conversation that creates an outbound opportunity. */
export function newDealCommand(deals: DealService): Command {
  return {
    id: 'newDeal',
    triggers: ['new deal', 'create deal', 'new opportunity', 'create opportunity', 'new co-sell deal'],
    helpKey: 'help.commands.newDeal',
    async run({ turn, tr, dialogs }) {
      const tenantId = tenantOf(turn);
      if (!tenantId) {
        await turn.sendActivity(tr.t('deals.noTenant'));
        return;
      }
      const person = personOf(turn);
      // Said before any question is answered, rather than after five steps at "Create".
      if (!(await deals.mayCreate(tenantId, person.userId))) {
        await turn.sendActivity(tr.t('deals.errors.forbidden'));
        return;
      }
      const options: FlowOptions = { context: { tenantId, userId: person.userId, userName: person.name } };
      await dialogs.begin(turn, NEW_DEAL_DIALOG, options);
    },
  };
}
