import type { Command } from './command';

/** Normalises what a person typed: case, spacing and trailing punctuation do not matter. */
export function normaliseText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.!?。！？]+$/u, '')
    .trim();
}

export class CommandRouter {
  private readonly commands: Command[] = [];

  register(...commands: Command[]): this {
    this.commands.push(...commands);
    return this;
  }

  /** The command whose longest trigger begins the text, and the rest of the text as its args. */
  match(text: string): { command: Command; args: string } | undefined {
    const clean = normaliseText(text);
    const lower = clean.toLowerCase();
    let best: { command: Command; trigger: string } | undefined;
    for (const command of this.commands) {
      for (const trigger of command.triggers) {
        const hit = lower === trigger || lower.startsWith(trigger + ' ');
        if (hit && (!best || trigger.length > best.trigger.length)) best = { command, trigger };
      }
    }
    if (!best) return undefined;
    return { command: best.command, args: clean.slice(best.trigger.length).trim() };
  }

  /** Commands shown in help, in registration order. */
  listed(): Command[] {
    return this.commands.filter((c) => c.helpKey !== undefined);
  }
}
