import { TurnContext } from 'botbuilder';
import type { Translator } from '../../services/i18n/catalog';

/** One turn's answer: typed text, or the data of a card's Action.Submit (its inputs plus `data`). */
export interface TurnInput {
  text: string;
  value?: Record<string, unknown>;
}

export function readInput(turn: TurnContext): TurnInput {
  const value = turn.activity.value;
  const text = TurnContext.removeRecipientMention(turn.activity) ?? turn.activity.text ?? '';
  return {
    text: text.replace(/\s+/g, ' ').trim(),
    value: value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined,
  };
}

/** The `action` a card button carries (submit, back, help, cancel, …). */
export function cardAction(input: TurnInput): string | undefined {
  const action = input.value?.action;
  return typeof action === 'string' ? action : undefined;
}

/** A card input's value as the card sends it: always a string; missing inputs are ''. */
export function cardField(input: TurnInput, id: string): string {
  const v = input.value?.[id];
  return typeof v === 'string' ? v.trim() : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

export type Word = 'back' | 'help' | 'cancel' | 'skip' | 'done' | 'yes' | 'no' | 'create' | 'edit' | 'manual' | 'remove';

/** Words a person may type instead of pressing a button; each catalog entry lists its synonyms. */
export function isWord(tr: Translator, word: Word, text: string): boolean {
  const said = text.toLowerCase().replace(/[.!。！]+$/u, '').trim();
  if (!said) return false;
  return tr
    .t(`dialog.words.${word}`)
    .split(',')
    .some((w) => w.trim().toLowerCase() === said);
}

/** "1, 3 5" → [1, 3, 5] (Chinese input writes "1，3" or "1、3"); undefined when the text is not only numbers. */
export function numbersIn(text: string): number[] | undefined {
  if (!/^\s*\d+(\s*[,;，；、\s]\s*\d+)*\s*$/.test(text)) return undefined;
  return text
    .split(/[,;，；、\s]+/)
    .filter(Boolean)
    .map((n) => Number.parseInt(n, 10));
}

/** "edit 2", "edytuj 2", "修改 2" or "修改2" (Chinese puts no space) → the word and the number. */
export function wordAndNumber(text: string): { word: string; number: number } | undefined {
  const m = /^(\D+?)\s*(\d+)$/.exec(text);
  return m ? { word: m[1]!.trim(), number: Number.parseInt(m[2]!, 10) } : undefined;
}
