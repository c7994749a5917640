/**
 * Reading Adaptive Cards the way a person sees them, and filling their forms the way the
 * Playground's renderer does when a button is pressed.
 */
export type Json = Record<string, unknown>;

export interface CardAction {
  type: string;
  title: string;
  verb?: string;
  data?: Json;
  associatedInputs?: string;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every element and action of the card, depth first (body, columns, containers, action sets, show cards). */
function* walk(node: unknown): Generator<Json> {
  if (Array.isArray(node)) {
    for (const item of node) yield* walk(item);
    return;
  }
  if (!isObject(node)) return;
  yield node;
  for (const key of ['body', 'items', 'columns', 'actions', 'card', 'inlines']) {
    if (key in node) yield* walk(node[key]);
  }
}

/** The words a person sees on the card: texts, facts, labels, choices and button titles. */
export function cardTexts(card: Json): string[] {
  const out: string[] = [];
  for (const n of walk(card)) {
    for (const key of ['text', 'title', 'label', 'placeholder']) {
      if (typeof n[key] === 'string') out.push(n[key] as string);
    }
    // Facts show title and value; choices show their title (their value is what is sent).
    for (const fact of Array.isArray(n.facts) ? (n.facts as unknown[]) : []) {
      if (isObject(fact)) out.push(String(fact.title ?? ''), String(fact.value ?? ''));
    }
    for (const choice of Array.isArray(n.choices) ? (n.choices as unknown[]) : []) {
      if (isObject(choice)) out.push(String(choice.title ?? ''));
    }
  }
  return out;
}

export function cardText(card: Json): string {
  return cardTexts(card).join('\n');
}

/** The card's buttons: its actions and those of action sets, in the order they are shown. */
export function cardActions(card: Json): CardAction[] {
  return [...walk(card)].filter((n): n is Json & CardAction => typeof n.type === 'string' && n.type.startsWith('Action.') && typeof n.title === 'string');
}

export function actionTitled(card: Json, title: string): CardAction {
  const actions = cardActions(card);
  const action = actions.find((a) => a.title === title);
  if (!action) throw new Error(`no "${title}" button on the card; it has: ${actions.map((a) => `"${a.title}"`).join(', ')}`);
  return action;
}

export function cardInputs(card: Json): Json[] {
  return [...walk(card)].filter((n) => typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string');
}

/**
 * The data a button sends, as the Adaptive Cards renderer builds it: the button's data plus every
 * input that has a value (what the card showed, or what the person typed or picked), unless the
 * button takes no inputs. A required input left empty stops the press, as in the renderer.
 */
export function pressData(card: Json, action: CardAction, answers: Record<string, string> = {}): Json {
  const data: Json = { ...(action.data ?? {}) };
  if (action.associatedInputs?.toLowerCase() === 'none') {
    if (Object.keys(answers).length > 0) throw new Error(`"${action.title}" sends no inputs, but answers were given`);
    return data;
  }
  const inputs = cardInputs(card);
  for (const id of Object.keys(answers)) {
    if (!inputs.some((i) => i.id === id)) throw new Error(`the card has no input "${id}"; it has: ${inputs.map((i) => i.id as string).join(', ')}`);
  }
  for (const input of inputs) {
    const id = input.id as string;
    const shown = typeof input.value === 'string' ? input.value : input.type === 'Input.Toggle' ? String(input.valueOff ?? 'false') : '';
    const value = answers[id] ?? shown;
    if (value !== '') data[id] = value;
    else if (input.isRequired === true) throw new Error(`"${action.title}" would be refused by the card: "${String(input.label ?? id)}" is required`);
  }
  return data;
}
