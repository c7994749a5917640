import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { expandCard, type AdaptiveCardJson, type TemplateName } from '../../cards/cardFactory';
import type { Vars } from '../../services/i18n/catalog';
import { problemText, type Ask } from './question';

export interface StepCardOptions {
  /** Variables for the question's intro text. */
  introVars?: Vars;
  /** Leave out the frame's Back button. */
  hideBack?: boolean;
  /** Catalog keys to use instead of the question's own title and intro (a question's second card). */
  titleKey?: string;
  introKey?: string;
}

/**
 * A question's card: the shared frame (progress, title, intro, problems, Back/Help/Cancel) around
 * the question's own template. Every submit carries the flow and question ids, so the flow can
 * tell a card from an earlier question.
 */
export function stepCard<D>(q: Ask<D>, body: TemplateName, data: Record<string, unknown>, options: StepCardOptions = {}): AdaptiveCardJson {
  const ids = { flow: q.state.flowId, question: q.question.id };
  const base = `${q.prefix}.questions.${q.question.id}`;
  const frame = expandCard(
    'stepFrame',
    {
      ...ids,
      progress: q.progress,
      title: q.tr.t(options.titleKey ?? `${base}.title`),
      intro: q.tr.t(options.introKey ?? `${base}.intro`, options.introVars),
      problems: (q.problems ?? []).map((p) => problemText(q.tr, p)),
      showBack: !options.hideBack,
    },
    q.tr,
  );
  const inner = expandCard(body, { ...data, ...ids }, q.tr);
  return tidyInputs({
    ...frame,
    body: [...(frame.body ?? []), ...(inner.body ?? [])],
    actions: [...(inner.actions ?? []), ...(frame.actions ?? [])],
  });
}

export async function sendCard(turn: TurnContext, card: AdaptiveCardJson): Promise<void> {
  await turn.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
}

/**
 * Templates bind every input's value; an input with no answer yet gets '' which the schema refuses
 * for some inputs (Input.Number wants a number): drop empty values, and give numbers as numbers.
 */
export function tidyInputs<T>(node: T): T {
  if (Array.isArray(node)) return node.map(tidyInputs) as T;
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) out[key] = tidyInputs(value);
  const type = out.type;
  if (typeof type === 'string' && type.startsWith('Input.')) {
    if (out.value === '' || out.value === undefined) delete out.value;
    else if (type === 'Input.Number' && typeof out.value === 'string') out.value = Number(out.value);
  }
  return out as T;
}
