import { expandCard } from '../../cards/cardFactory';
import { helpCard } from '../../bot/commands/helpCommand';
import { CommandRouter } from '../../bot/commands/commandRouter';
import { helpCommand } from '../../bot/commands/helpCommand';
import { Translator } from '../../services/i18n/catalog';
import { cardProblems } from '../helpers/adaptiveCards';

describe('the help and welcome cards', () => {
  const tr = new Translator('en-US');

  it('welcome card is a valid Adaptive Card 1.5 that renders', () => {
    expect(cardProblems(expandCard('welcome', {}, tr))).toEqual([]);
  });

  it('help card lists every listed command as a command button (a press is typing it)', () => {
    const router = new CommandRouter();
    router.register(helpCommand(router));
    const card = helpCard(router, tr);
    expect(cardProblems(card)).toEqual([]);
    expect(card.actions).toEqual([
      { type: 'Action.Submit', title: 'Help', data: { command: 'help' } },
    ]);
  });

  it('the validator itself catches a broken card', () => {
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock' }] }).length).toBeGreaterThan(0);
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Nonsense', text: '${x}' }] }).length).toBeGreaterThan(0);
  });
});
