import * as ACData from 'adaptivecards-templating';
import { compileTemplate, type CardExpander } from '../../cards/compiledTemplate';

/** What an expansion gave: the card (and its JSON text, byte for byte), or the kind of error thrown. */
export type Outcome = { card: unknown; json: string | undefined } | { threw: string };

function outcomeOf(expand: () => unknown): Outcome {
  try {
    const card = expand();
    return { card, json: JSON.stringify(card) };
  } catch (err) {
    return { threw: err instanceof Error ? err.constructor.name : typeof err };
  }
}

// Parsed once per template object: both are meant to be expanded again and again.
const parsed = new WeakMap<object, ACData.Template>();
const compiled = new WeakMap<object, CardExpander>();

/** The reference: adaptivecards-templating itself, as cardFactory used it before the compiler. */
export function libraryOutcome(template: object, root: unknown): Outcome {
  let library = parsed.get(template);
  if (!library) parsed.set(template, (library = new ACData.Template(template)));
  return outcomeOf(() => library.expand({ $root: root }) as unknown);
}

export function compiledOutcome(template: object, root: unknown): Outcome {
  let expand = compiled.get(template);
  if (!expand) compiled.set(template, (expand = compileTemplate(template)));
  return outcomeOf(() => expand(root));
}

/** Both expansions of one template on one root, for `expect(compiled).toStrictEqual(library)`. */
export function bothOutcomes(template: object, root: unknown): { compiled: Outcome; library: Outcome } {
  return { compiled: compiledOutcome(template, root), library: libraryOutcome(template, root) };
}
