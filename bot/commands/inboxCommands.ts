import type { InboxView } from '../../cards/inboxCards';
import type { Translator } from '../../services/i18n/catalog';
import { Stage } from '../../services/opportunities/opportunity';
import type { InboxLister } from '../referrals/inboxLister';
import { tenantOf } from '../teamsIdentity';
import type { Command } from './command';

/** "inbound accepted" → Accepted; "" or "all" → every stage; anything else is not a stage. */
export function stageFromWords(text: string, tr: Translator): Stage | 'all' | undefined {
  const words = text.trim().toLowerCase();
  if (words === '' || words === tr.t('inbox.filters.all').toLowerCase()) return 'all';
  return Stage.options.find((s) => tr.t(`inbox.stageWords.${s}`).split('|').includes(words));
}

function listCommand(view: InboxView, triggers: string[], lister: InboxLister): Command {
  return {
    id: view,
    triggers,
    helpKey: `help.commands.${view}`,
    async run({ turn, tr, args }) {
      const tenantId = tenantOf(turn);
      if (!tenantId) {
        await turn.sendActivity(tr.t('referrals.errors.noTenant'));
        return;
      }
      const stage = stageFromWords(args, tr);
      if (!stage) {
        await turn.sendActivity(tr.t('inbox.unknownStage', { text: args }));
        return;
      }
      await turn.sendActivity(await lister.page(tenantId, { view, stage: stage === 'all' ? undefined : stage }, tr));
    },
  };
}

/** inbound, outbound and favorites: the lists of opportunities, newest first. */
export function inboxCommands(lister: InboxLister): Command[] {
  return [
    listCommand('inbound', ['inbound', 'inbox', 'referrals'], lister),
    listCommand('outbound', ['outbound'], lister),
    listCommand('favorites', ['favorites', 'favourites', 'favorite'], lister),
  ];
}
