import type { Translator } from '../../services/i18n/catalog';
import type { TemplateName } from '../../cards/cardFactory';
import type { Ask, Outcome, Problem, Question } from './question';
import { sendCard, stepCard } from './stepCard';
import { cardAction, cardField, isWord, type TurnInput } from './turnInput';

export type Parsed = { ok: true; value: unknown } | { ok: false; problem: Problem };

/** One input of a form: its card input id, its label, and how an answer is read. */
export interface FormField<D> {
  id: string;
  labelKey: string;
  required: boolean;
  /** Reads a non-empty answer. Typed answers may be friendlier ("Germany", "yes", "1, 3"). */
  parse(raw: string, how: 'card' | 'typed', q: Ask<D>): Parsed | Promise<Parsed>;
  /** The card input value for an answer (to prefill the form); defaults to String(value). */
  toCard?(value: unknown): string;
  /** How an answer reads in a typed prompt; defaults to the card value. */
  show?(value: unknown, tr: Translator): string;
  /** Extra catalog text for typing this field ("as YYYY-MM-DD"). */
  typedHintKey?: string;
}

export type FormValues = Record<string, unknown>;

interface TypedState {
  index: number;
  values: FormValues;
}

/** The scratch of a form question: the typed answers so far, or the card's last raw submit. */
export interface FormScratch {
  typed?: TypedState;
  raw?: Record<string, string>;
}

export function ok(value: unknown): Parsed {
  return { ok: true, value };
}

export function fail(key: string, vars?: Problem['vars']): Parsed {
  return { ok: false, problem: { key, vars } };
}

/** The current answers as card input values, for prefilling. */
export function cardValues<D>(fields: ReadonlyArray<FormField<D>>, values: FormValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = values[f.id];
    out[f.id] = v === undefined || v === null ? '' : f.toCard ? f.toCard(v) : String(v);
  }
  return out;
}

/** Reads a whole submitted card: the values, or the problems (each naming its field). */
export async function readCardForm<D>(
  fields: ReadonlyArray<FormField<D>>,
  input: TurnInput,
  q: Ask<D>,
): Promise<{ values: FormValues; problems: Problem[]; raw: Record<string, string> }> {
  const values: FormValues = {};
  const problems: Problem[] = [];
  const raw: Record<string, string> = {};
  for (const f of fields) {
    const text = cardField(input, f.id);
    raw[f.id] = text;
    if (!text) {
      if (f.required) problems.push({ key: 'dialog.required', field: f.labelKey });
      continue;
    }
    const parsed = await f.parse(text, 'card', q);
    if (parsed.ok) values[f.id] = parsed.value;
    else problems.push({ ...parsed.problem, field: f.labelKey });
  }
  return { values, problems, raw };
}

/** The text prompt for one field when answers are typed one at a time. */
export function typedPrompt<D>(tr: Translator, field: FormField<D>, current: unknown): string {
  const state =
    current !== undefined
      ? tr.t('dialog.typed.current', { value: field.show ? field.show(current, tr) : field.toCard ? field.toCard(current) : String(current) })
      : field.required
        ? ''
        : tr.t('dialog.typed.optional');
  const hint = field.typedHintKey ? ` ${tr.t(field.typedHintKey)}` : '';
  return tr.t('dialog.typed.prompt', { label: tr.t(field.labelKey), state, hint });
}

export type TypedStep = { kind: 'ask'; text: string } | { kind: 'complete'; values: FormValues };

/**
 * Typed answers, one field at a time: the first text starts at the first field; "skip" keeps the
 * current answer (or leaves an optional one empty); a bad answer says why and asks again.
 */
export async function typedFormStep<D>(
  fields: ReadonlyArray<FormField<D>>,
  scratch: FormScratch,
  start: FormValues,
  text: string,
  q: Ask<D>,
): Promise<TypedStep> {
  const typed: TypedState = scratch.typed ?? { index: 0, values: { ...start } };
  scratch.typed = typed;
  const field = fields[typed.index];
  if (!field) return { kind: 'complete', values: typed.values };
  const current = typed.values[field.id];
  if (isWord(q.tr, 'skip', text)) {
    if (current === undefined && field.required) {
      return { kind: 'ask', text: `${q.tr.t('dialog.required')} ${typedPrompt(q.tr, field, current)}` };
    }
  } else {
    const parsed = await field.parse(text, 'typed', q);
    if (!parsed.ok) {
      const problem = q.tr.t(parsed.problem.key, parsed.problem.vars);
      return { kind: 'ask', text: `${problem} ${typedPrompt(q.tr, field, current)}` };
    }
    typed.values[field.id] = parsed.value;
  }
  typed.index++;
  const next = fields[typed.index];
  if (!next) return { kind: 'complete', values: typed.values };
  return { kind: 'ask', text: typedPrompt(q.tr, next, typed.values[next.id]) };
}

/** While answers are being typed, asks for the current field again; false when no typing is under way. */
export async function promptTyped<D>(q: Ask<D>, fields: ReadonlyArray<FormField<D>>, scratch: FormScratch): Promise<boolean> {
  const field = scratch.typed && fields[scratch.typed.index];
  if (!field) return false;
  await q.turn.sendActivity(typedPrompt(q.tr, field, scratch.typed!.values[field.id]));
  return true;
}

/** Typed "back": one field back; false at the first field (leave the question). */
export function typedBack(scratch: FormScratch): boolean {
  if (!scratch.typed || scratch.typed.index === 0) return false;
  scratch.typed.index--;
  return true;
}

export interface FormQuestionSpec<D> {
  id: string;
  step: string;
  applies?(draft: D): boolean;
  revisit?(draft: D): boolean;
  template: TemplateName;
  fields: ReadonlyArray<FormField<D>>;
  /** The whole form may be left out (a Skip button, or "skip" typed first). */
  optional?: boolean;
  /** The current answers, from the draft. */
  load(draft: D): FormValues;
  /** Stores the answers; undefined when an optional form was skipped. */
  save(draft: D, values: FormValues | undefined): void;
  /** Data the template needs besides the values (choice lists, labels). */
  data?(q: Ask<D>): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Checks across fields once each field is fine. */
  check?(values: FormValues, q: Ask<D>): Problem[];
  introVars?(q: Ask<D>): Record<string, string | number>;
}

/**
 * A question answered with one card form, or by typing its fields one at a time. The card's
 * inputs use isRequired/errorMessage so the client checks them first; the same rules run here.
 */
export function formQuestion<D>(spec: FormQuestionSpec<D>): Question<D> {
  const sendForm = async (q: Ask<D>) => {
    const scratch = q.scratch as FormScratch;
    const values = scratch.raw ?? cardValues(spec.fields, spec.load(q.draft));
    const extra = spec.data ? await spec.data(q) : {};
    await sendCard(q.turn, stepCard(q, spec.template, { ...extra, values, optional: spec.optional ?? false }, { introVars: spec.introVars?.(q) }));
  };

  const question: Question<D> = {
    id: spec.id,
    step: spec.step,
    applies: spec.applies,
    revisit: spec.revisit,

    async ask(q) {
      if (!(await promptTyped(q, spec.fields, q.scratch as FormScratch))) await sendForm(q);
    },

    async receive(q, input): Promise<Outcome> {
      const scratch = q.scratch as FormScratch;
      const skipForm = spec.optional && !scratch.typed && (cardAction(input) === 'skip' || (!input.value && isWord(q.tr, 'skip', input.text)));
      if (skipForm) {
        spec.save(q.draft, undefined);
        return { kind: 'next' };
      }
      if (input.value) {
        // The card answers the whole form, even after some answers were typed.
        scratch.typed = undefined;
        const { values, problems, raw } = await readCardForm(spec.fields, input, q);
        const all = problems.length ? problems : (spec.check?.(values, q) ?? []);
        if (all.length) {
          scratch.raw = raw;
          return { kind: 'reask', problems: all };
        }
        spec.save(q.draft, values);
        return { kind: 'next' };
      }
      if (!input.text) return { kind: 'reask' };
      const step = await typedFormStep(spec.fields, scratch, spec.load(q.draft), input.text, q);
      if (step.kind === 'ask') {
        await q.turn.sendActivity(step.text);
        return { kind: 'stay' };
      }
      const problems = spec.check?.(step.values, q) ?? [];
      if (problems.length) {
        // Show the whole form with what was typed, so the person sees what to fix.
        scratch.typed = undefined;
        scratch.raw = cardValues(spec.fields, step.values);
        return { kind: 'reask', problems };
      }
      spec.save(q.draft, step.values);
      return { kind: 'next' };
    },

    async back(q) {
      const scratch = q.scratch as FormScratch;
      if (!typedBack(scratch)) return false;
      await question.ask(q);
      return true;
    },
  };
  return question;
}
