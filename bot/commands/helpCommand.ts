import { CardFactory, MessageFactory } from 'botbuilder';
import { expandCard } from '../../cards/cardFactory';
import type { Translator } from '../../services/i18n/catalog';
import type { Command } from './command';
import type { CommandRouter } from './commandRouter';

export function helpCard(router: CommandRouter, tr: Translator) {
  const commands = router.listed().map((c) => ({
    command: c.triggers[0] ?? c.id,
    title: tr.t(`${c.helpKey}.title`),
    description: tr.t(`${c.helpKey}.description`),
  }));
  return expandCard('help', { commands }, tr);
}

export function helpCommand(router: CommandRouter): Command {
  return {
    id: 'help',
    triggers: ['help', '?', 'menu'],
    helpKey: 'help.commands.help',
    async run({ turn, tr }) {
      await turn.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(helpCard(router, tr))));
    },
  };
}
