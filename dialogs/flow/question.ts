import type { TurnContext } from 'botbuilder';
import type { Translator, Vars } from '../../services/i18n/catalog';
import type { TurnInput } from './turnInput';

/** Who is talking and for which partner: fixed when the flow starts. */
export interface FlowContext {
  tenantId: string;
  userId: string;
  userName?: string;
}

/** Everything the flow keeps in dialog state between turns (JSON only: it lives in the store). */
export interface FlowState<D> {
  /** Identifies this run of the flow, so a card from an earlier run is recognised. */
  flowId: string;
  context: FlowContext;
  draft: D;
  /** The question being asked. */
  at: string;
  /** The current question's own working state (a half-typed form, a shortlist); cleared on leaving it. */
  scratch: Record<string, unknown>;
  /** The questions answered before this one, most recent last: where "back" goes. */
  history: string[];
  /** While one step is edited from the summary: the question to return to when that step is done. */
  returnTo?: string;
}

/** A problem to show with a question: a catalog key, and the catalog key of the field it is about. */
export interface Problem {
  key: string;
  vars?: Vars;
  field?: string;
}

export type Outcome =
  | { kind: 'next' }
  /** The question already answered this turn (e.g. sent a shortlist) and waits for more. */
  | { kind: 'stay' }
  | { kind: 'reask'; problems?: Problem[] }
  | { kind: 'goto'; question: string; returnTo?: string }
  | { kind: 'end'; result?: unknown };

export interface Ask<D> {
  turn: TurnContext;
  tr: Translator;
  state: FlowState<D>;
  draft: D;
  scratch: Record<string, unknown>;
  question: Question<D>;
  problems?: Problem[];
  /** The flow's catalog prefix ("deals"): the question's title, intro and help live under it. */
  prefix: string;
  /** "Step 2 of 5: Deal details". */
  progress: string;
}

/** One question of a flow: asks (usually with a card) and takes the answer, typed or submitted. */
export interface Question<D> {
  readonly id: string;
  /** The step it belongs to: shown as progress, and the unit of "Edit a step". */
  readonly step: string;
  /** Whether it is asked for this draft (going forward). */
  applies?(draft: D): boolean;
  /**
   * Whether "back" may return to it; defaults to `applies`. A question asked only while an answer
   * is missing (a contact asked for Microsoft's help) stays revisitable once answered.
   */
  revisit?(draft: D): boolean;
  ask(q: Ask<D>): Promise<void>;
  receive(q: Ask<D>, input: TurnInput): Promise<Outcome>;
  /** "back" inside the question (a typed form goes back one field); false to leave the question. */
  back?(q: Ask<D>): Promise<boolean>;
}

export function problemText(tr: Translator, p: Problem): string {
  const message = tr.t(p.key, p.vars);
  return p.field ? tr.t('dialog.problem', { field: tr.t(p.field), message }) : message;
}
