import { pressedCommand, typeInPressedCommand } from '../../../bot/commands/commandButton';

describe('command buttons', () => {
  it('reads the command of a pressed button, and nothing else', () => {
    expect(pressedCommand({ value: { command: 'inbound received' } })).toBe('inbound received');
    // Typed text is what the person said; a card value beside it is not a press.
    expect(pressedCommand({ text: 'help', value: { command: 'inbound' } })).toBeUndefined();
    expect(pressedCommand({ value: { command: '  ' } })).toBeUndefined();
    expect(pressedCommand({ value: { command: 42 } })).toBeUndefined();
    expect(pressedCommand({ value: { action: 'submit', flow: 'f1' } })).toBeUndefined();
    expect(pressedCommand({ value: 'help' })).toBeUndefined();
    expect(pressedCommand({})).toBeUndefined();
  });

  it('turns a press into the typed command, so dialogs and commands see the same turn as typing', () => {
    const press: { text?: string; value?: unknown } = { value: { command: 'new deal' } };
    typeInPressedCommand(press);
    expect(press).toEqual({ text: 'new deal', value: undefined });

    const form = { value: { action: 'submit', country: 'DE' } };
    typeInPressedCommand(form);
    expect(form).toEqual({ value: { action: 'submit', country: 'DE' } });
  });
});
