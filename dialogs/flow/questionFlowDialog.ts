import { randomUUID } from 'node:crypto';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { Translator } from '../../services/i18n/catalog';
import type { Ask, FlowContext, FlowState, Outcome, Problem, Question } from './question';
import { cardAction, isWord, readInput, type TurnInput } from './turnInput';

/** How far "back" reaches: enough for any path through a flow, and dialog state stays small. */
const MAX_HISTORY = 50;

export interface FlowOptions {
  context: FlowContext;
}

/**
 * A multi-step conversation as an ordered list of questions, each asked only when it applies to the
 * draft so far. Unlike a waterfall it can go back: "back" returns to the question the person was at
 * before (across step boundaries, and from an edited step to the summary), with every answer kept
 * in the draft. Every question also takes
 * "help" (explain it and ask again) and "cancel"; cards from earlier questions are recognised and
 * not applied. The whole state is plain JSON in dialog state, so a restart resumes where it was.
 *
 * Catalog keys by convention, under `catalogPrefix`: `steps.<step>`, and for each question
 * `questions.<id>.title`, `.intro` and `.help`.
 */
export abstract class QuestionFlowDialog<D> extends Dialog<FlowOptions> {
  protected abstract readonly catalogPrefix: string;
  /** Steps shown as "Step n of N"; questions of other steps (a final review) show no number. */
  protected abstract readonly numberedSteps: ReadonlyArray<string>;
  protected abstract questions(): ReadonlyArray<Question<D>>;
  protected abstract startDraft(options: FlowOptions): D;

  override async beginDialog(dc: DialogContext, options?: FlowOptions): Promise<DialogTurnResult> {
    if (!options?.context) throw new Error(`${this.id} needs the tenant and person it works for`);
    const draft = this.startDraft(options);
    const first = this.questions().find((q) => applies(q, draft));
    if (!first) throw new Error(`${this.id} has no question to ask`);
    const state: FlowState<D> = { flowId: randomUUID(), context: options.context, draft, at: first.id, scratch: {}, history: [] };
    Object.assign(dc.activeDialog!.state as object, state);
    await this.askCurrent(dc, state);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as FlowState<D>;
    const tr = new Translator(dc.context.activity.locale);
    const input = readInput(dc.context);
    const action = cardAction(input);

    if (this.isStale(state, input)) {
      await dc.context.sendActivity(tr.t('dialog.stale'));
      await this.askCurrent(dc, state);
      return Dialog.EndOfTurn;
    }
    if (action === 'cancel' || (!input.value && isWord(tr, 'cancel', input.text))) {
      await dc.context.sendActivity(tr.t('common.cancelled'));
      return dc.cancelAllDialogs(true);
    }
    if (action === 'help' || (!input.value && isWord(tr, 'help', input.text))) {
      await dc.context.sendActivity(`${tr.t(`${this.catalogPrefix}.questions.${state.at}.help`)}\n\n${tr.t('dialog.helpFooter')}`);
      await this.askCurrent(dc, state);
      return Dialog.EndOfTurn;
    }
    if (action === 'back' || (!input.value && isWord(tr, 'back', input.text))) {
      await this.goBack(dc, state);
      return Dialog.EndOfTurn;
    }

    const outcome = await this.current(state).receive(this.askContext(dc, state), input);
    return this.apply(dc, state, outcome);
  }

  /** The progress line of a question's card: "Step 2 of 5: Deal details". */
  private progressOf(tr: Translator, step: string): string {
    const n = this.numberedSteps.indexOf(step);
    const name = tr.t(`${this.catalogPrefix}.steps.${step}`);
    return n < 0 ? name : tr.t('dialog.progress', { n: n + 1, total: this.numberedSteps.length, step: name });
  }

  private async apply(dc: DialogContext, state: FlowState<D>, outcome: Outcome): Promise<DialogTurnResult> {
    switch (outcome.kind) {
      case 'stay':
        return Dialog.EndOfTurn;
      case 'reask':
        await this.askCurrent(dc, state, outcome.problems);
        return Dialog.EndOfTurn;
      case 'goto':
        this.moveForward(state, outcome.question);
        if (outcome.returnTo) state.returnTo = outcome.returnTo;
        await this.askCurrent(dc, state);
        return Dialog.EndOfTurn;
      case 'end':
        return dc.endDialog(outcome.result);
      case 'next': {
        const list = this.questions();
        const here = list.findIndex((q) => q.id === state.at);
        const current = list[here];
        const next = list.slice(here + 1).find((q) => applies(q, state.draft));
        // Editing one step from the summary: once that step is answered, go back to the summary.
        if (state.returnTo && (!next || next.step !== current?.step)) {
          this.moveForward(state, state.returnTo);
          state.returnTo = undefined;
        } else if (next) {
          this.moveForward(state, next.id);
        } else {
          return dc.endDialog(state.draft);
        }
        await this.askCurrent(dc, state);
        return Dialog.EndOfTurn;
      }
    }
  }

  private async goBack(dc: DialogContext, state: FlowState<D>): Promise<void> {
    const question = this.current(state);
    if (question.back && (await question.back(this.askContext(dc, state)))) return;
    // Questions whose answer made them moot (a shortlist left for hand entry) are passed over.
    let previous: Question<D> | undefined;
    while (!previous && state.history.length > 0) {
      const id = state.history.pop()!;
      const q = this.questions().find((x) => x.id === id);
      if (q && (q.revisit?.(state.draft) ?? applies(q, state.draft))) previous = q;
    }
    if (previous) {
      if (previous.id === state.returnTo) state.returnTo = undefined;
      this.moveTo(state, previous.id);
    } else {
      await dc.context.sendActivity(new Translator(dc.context.activity.locale).t('dialog.noPrevious'));
    }
    await this.askCurrent(dc, state);
  }

  private moveForward(state: FlowState<D>, questionId: string): void {
    state.history.push(state.at);
    if (state.history.length > MAX_HISTORY) state.history.shift();
    this.moveTo(state, questionId);
  }

  private moveTo(state: FlowState<D>, questionId: string): void {
    if (!this.questions().some((q) => q.id === questionId)) throw new Error(`${this.id}: no question "${questionId}"`);
    state.at = questionId;
    state.scratch = {};
  }

  private isStale(state: FlowState<D>, input: TurnInput): boolean {
    const { flow, question } = input.value ?? {};
    return (typeof flow === 'string' && flow !== state.flowId) || (typeof question === 'string' && question !== state.at);
  }

  private current(state: FlowState<D>): Question<D> {
    const q = this.questions().find((x) => x.id === state.at);
    if (!q) throw new Error(`${this.id}: no question "${state.at}"`);
    return q;
  }

  private askContext(dc: DialogContext, state: FlowState<D>, problems?: Problem[]): Ask<D> {
    const tr = new Translator(dc.context.activity.locale);
    const question = this.current(state);
    return {
      turn: dc.context,
      tr,
      state,
      draft: state.draft,
      scratch: state.scratch,
      question,
      problems,
      prefix: this.catalogPrefix,
      progress: this.progressOf(tr, question.step),
    };
  }

  private async askCurrent(dc: DialogContext, state: FlowState<D>, problems?: Problem[]): Promise<void> {
    await this.current(state).ask(this.askContext(dc, state, problems));
  }
}

function applies<D>(q: Question<D>, draft: D): boolean {
  return q.applies?.(draft) ?? true;
}
